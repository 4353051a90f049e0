using MonthEnd.Core.Privacy;

namespace MonthEnd.Core.Import;

/// <summary>
/// One broken rule of an import file: the physical line where its record starts (the header is line
/// 1), the column (or <see cref="ImportRule.WholeRecord"/>), the rule and the message, whose quoted
/// values are <see cref="Classified"/> (a host shows them through its redactor).
/// </summary>
public sealed record ImportFinding(long Line, string Column, string Rule, RedactableText Message)
{
    /// <summary>Without a redactor: every quoted value left out.</summary>
    public override string ToString() => $"line {Line}, {Column}: {Message} (rule {Rule})";
}

/// <summary>The rules of an import file beyond the source rules (<see cref="Source.SourceRule"/>) it is also checked against.</summary>
public static class ImportRule
{
    public const string WholeRecord = "(record)";

    /// <summary>Not a whole number where one is expected.</summary>
    public const string FieldType = "FIELD_TYPE";

    /// <summary>A date not written yyyy-MM-dd.</summary>
    public const string DateFormat = "DATE_FORMAT";

    /// <summary>A date written yyyy-MM-dd that is no day of the calendar (2025-02-30).</summary>
    public const string DateExists = "DATE_EXISTS";

    /// <summary>An amount that is not digits with an optional dot.</summary>
    public const string AmountFormat = "AMOUNT_FORMAT";

    /// <summary>An amount with more than two decimals: the source keeps sen, no fractions of them.</summary>
    public const string AmountDecimals = "AMOUNT_DECIMALS";

    /// <summary>Text that is not valid UTF-8, or holds a NUL character.</summary>
    public const string TextReadable = "TEXT_READABLE";

    /// <summary>A record with more or fewer fields than the header.</summary>
    public const string FieldCount = "FIELD_COUNT";

    /// <summary>A record whose quoting breaks RFC 4180 (a stray quote, text after a closing quote).</summary>
    public const string Quoting = "CSV_QUOTING";

    /// <summary>An id that the file repeats: each later line is named with the first.</summary>
    public const string IdUniqueInFile = "ID_UNIQUE_IN_FILE";

    /// <summary>An id the source table already holds.</summary>
    public const string IdNotInSource = "ID_NOT_IN_SOURCE";
}
