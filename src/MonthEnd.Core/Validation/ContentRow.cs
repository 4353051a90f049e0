using System.Globalization;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Posting;

namespace MonthEnd.Core.Validation;

/// <summary>
/// One journal row shown column by column, keyed as the ledger keys it (je_id, and line number for a line), for naming the first difference between what is staged
/// and what the rules make of the source: a header (<see cref="LineNumber"/> 0) or a line. Values are
/// texts as a person reads them (amounts in major units, dates as YYYY-MM-DD, NULL); a store that can
/// hold a value of another type than its column's shows the type too, so it differs.
/// </summary>
public sealed record ContentRow(long JeNumber, short? LineNumber, IReadOnlyList<(string Column, string Value)> Values)
{
    public const string Null = "NULL";

    public bool IsHeader => LineNumber is null;

    public string Name => IsHeader ? $"JE {JeNumber} header" : $"JE {JeNumber} line {LineNumber}";

    public static string Text(string? value) => value ?? Null;

    public static string Text(Money value) => value.ToPlainString();

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Text(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The rows a posted entry is staged as: its header, then its lines by line number.</summary>
    public static IEnumerable<ContentRow> Of(JournalEntry entry)
    {
        var t = entry.Template;
        yield return new ContentRow(entry.JeNumber, null,
        [
            ("je_number", Text(entry.JeNumber)), ("je_date", Text(entry.JeDate)), ("je_type", t.JeType), ("reference_type", entry.ReferenceType.Code()),
            ("reference_id", Text(entry.ReferenceId)), ("template_code", t.Code), ("description", Text(t.Description)),
            ("total_debit", Text(entry.TotalDebit)), ("total_credit", Text(entry.TotalCredit)),
        ]);
        foreach (var line in entry.Lines.OrderBy(l => l.LineNumber))
        {
            yield return new ContentRow(entry.JeNumber, line.LineNumber,
            [
                ("je_id", Text(entry.JeNumber)), ("line_number", Text(line.LineNumber)), ("account_code", line.AccountCode), ("fund_type", Text(line.Fund?.Code())), ("debit_amount", Text(line.Debit)),
                ("credit_amount", Text(line.Credit)), ("description", Text(line.Description)),
            ]);
        }
    }
}
