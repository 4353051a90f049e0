using System.Globalization;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Privacy;
using MonthEnd.Core.Source;

namespace MonthEnd.Core.Import;

/// <summary>
/// Reads the fields of one record by their column's type, and keeps what is wrong with them. An
/// empty field is NULL; a field that cannot be read is NULL too, with a finding naming its column.
/// A value a finding quotes is classified personal: a shifted column may put anyone's data anywhere.
/// </summary>
internal sealed class FieldReader(long line, Action<ImportFinding> sink)
{
    // Made on the first finding: a valid million-row file makes none.
    private HashSet<string>? _faulty;

    public long Line { get; } = line;

    public bool Any => _faulty is not null;

    /// <summary>Whether a finding already names the column (the source rules' own finding about it is then left out).</summary>
    public bool Faulted(string column) => _faulty?.Contains(column) == true;

    public void Add(string column, string rule, RedactableTextHandler message) => Add(column, rule, message.ToText());

    public void Add(string column, string rule, RedactableText message)
    {
        (_faulty ??= new HashSet<string>(StringComparer.Ordinal)).Add(column);
        sink(new ImportFinding(Line, column, rule, message));
    }

    public long? Id(string text, ImportColumn column)
    {
        var value = Integer(text, column);
        if (value is { } id && !SourceIds.InRange(id))
        {
            Add(column.Name, SourceRule.IdInRange, $"{new Known(column.Name)} {id} is outside {SourceIds.Min}..{SourceIds.Max} (2^62)");
            return null;
        }

        return value;
    }

    public long? Integer(string text, ImportColumn column)
    {
        if (Absent(text, column))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Add(column.Name, ImportRule.FieldType, $"{new Known(column.Name)} {Classified.Personal(text)} is not a whole number");
        return null;
    }

    public DateOnly? Date(string text, ImportColumn column)
    {
        if (Absent(text, column))
        {
            return null;
        }

        if (!IsIsoShape(text))
        {
            Add(column.Name, ImportRule.DateFormat, $"{new Known(column.Name)} {Classified.Personal(text)} is not a date written yyyy-MM-dd");
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Add(column.Name, ImportRule.DateExists, $"{new Known(column.Name)} {Classified.Personal(text)} is no day of the calendar");
        return null;
    }

    public Money? Amount(string text, ImportColumn column)
    {
        if (Absent(text, column))
        {
            return null;
        }

        switch (AmountText.Read(text, out var amount))
        {
            case AmountText.Outcome.Read:
                return amount;
            case AmountText.Outcome.TooManyDecimals:
                Add(column.Name, ImportRule.AmountDecimals, $"{new Known(column.Name)} {Classified.Personal(text)} has more than 2 decimals");
                return null;
            default:
                Add(column.Name, ImportRule.AmountFormat,
                    $"{new Known(column.Name)} {Classified.Personal(text)} is not an amount (digits, a dot, at most 2 decimals, no thousands separators)");
                return null;
        }
    }

    public string? Text(string text, ImportColumn column)
    {
        if (Absent(text, column))
        {
            return null;
        }

        // The reader turns bytes that are not UTF-8 into U+FFFD; PostgreSQL text cannot hold NUL.
        if (text.Contains('\uFFFD', StringComparison.Ordinal) || text.Contains('\0', StringComparison.Ordinal))
        {
            Add(column.Name, ImportRule.TextReadable, $"{new Known(column.Name)} holds bytes that are not UTF-8 text, or a NUL character");
            return null;
        }

        return text;
    }

    private bool Absent(string text, ImportColumn column)
    {
        if (text.Length > 0)
        {
            return false;
        }

        if (column.Required)
        {
            Add(column.Name, SourceRule.RequiredField, $"{new Known(column.Name)} is empty");
        }

        return true;
    }

    private static bool IsIsoShape(string text) =>
        text.Length == 10 && text[4] == '-' && text[7] == '-'
        && text.AsSpan(0, 4).ContainsAnyExceptInRange('0', '9') is false
        && text.AsSpan(5, 2).ContainsAnyExceptInRange('0', '9') is false
        && text.AsSpan(8, 2).ContainsAnyExceptInRange('0', '9') is false;
}
