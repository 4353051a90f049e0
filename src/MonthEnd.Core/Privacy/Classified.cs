using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;

namespace MonthEnd.Core.Privacy;

/// <summary>
/// A value of personal data with its classification, carried as it is to where it is shown: only a
/// redactor turns it into text (<see cref="Redact"/>). <see cref="ToString"/> shows nothing of it, so
/// a value that reaches a string by mistake (an interpolation, a record's printout) stays hidden.
/// </summary>
public readonly record struct Classified(string Value, DataClassification Classification)
{
    /// <summary>What a value shows as where no redactor is at hand, or where its redactor erases it.</summary>
    public const string Withheld = "[redacted]";

    public static Classified Masked(string value) => new(value, MonthEndTaxonomy.Masked);

    public static Classified Personal(string value) => new(value, MonthEndTaxonomy.Personal);

    /// <summary>A masked value, or null for a missing one.</summary>
    public static Classified? MaskedOrNull(string? value) => value is null ? null : Masked(value);

    /// <summary>The value as its classification's redactor shows it; <see cref="Withheld"/> when that shows nothing.</summary>
    public string Redact(IRedactorProvider redactors)
    {
        var shown = redactors.GetRedactor(Classification).Redact(Value);
        return shown.Length == 0 ? Withheld : shown;
    }

    public override string ToString() => Withheld;
}

/// <summary>
/// Text of the product's own in a <see cref="RedactableText"/> (a column name, a rule code, the
/// statuses the rules know): shown as it is. Text from a source row is never <see cref="Known"/>: it
/// goes in as <see cref="Classified"/>.
/// </summary>
public readonly record struct Known(string Text)
{
    public static Known List(IEnumerable<string> items) => new(string.Join(", ", items));

    public override string ToString() => Text;
}
