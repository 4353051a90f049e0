using System.Buffers.Text;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Privacy;
using MonthEnd.Core.Source;
using SQLitePCL;

namespace MonthEnd.Sqlite.SourceRows;

/// <summary>
/// Turns source rows into records without trusting their types: SQLite lets an INTEGER column hold
/// 12.5 or 'abc', so a value that is not exactly what the column means is reported, not coerced.
/// Repeated codes (product, status…) are read into one shared string each. A value that is not what
/// its column means is quoted in the record's problems as a number when SQLite holds a number, and
/// otherwise as personal data (text or bytes in a number or date column may be anything).
/// </summary>
internal sealed class SourceRowReader
{
    /// <summary>What posting reads: the workers' chunks, the commit's re-check and the seals read no more.</summary>
    public const string PremiumColumns =
        "rowid, txn_id, policy_id, txn_date, payment_date, premium_amount, fund_tabarru, fund_tanahud, fund_ujroh, product_code, plan_code, payment_method, status";

    public const string ClaimColumns = "rowid, claim_id, policy_id, claim_date, claim_type, claim_amount, status";

    /// <summary>
    /// Whose record it is, after either list, for the period's scan only, whose findings name it
    /// (masked): two strings a row that posting has no use for (ReadPremium reads them when selected).
    /// </summary>
    public const string HolderColumns = ", account_number, policy_holder_id";

    private readonly TextCodes _codes = new();

    public PremiumRecord ReadPremium(RawStatement r)
    {
        RedactableText? problems = null;
        return new PremiumRecord(
            r.Int64(0),
            Integer(r, 1, "txn_id", ref problems),
            Integer(r, 2, "policy_id", ref problems),
            Date(r, 3, "txn_date", ref problems),
            Date(r, 4, "payment_date", ref problems),
            Amount(r, 5, "premium_amount", ref problems),
            Amount(r, 6, "fund_tabarru", ref problems),
            Amount(r, 7, "fund_tanahud", ref problems),
            Amount(r, 8, "fund_ujroh", ref problems),
            Code(r, 9),
            Code(r, 10),
            Code(r, 11),
            Code(r, 12),
            problems,
            r.ColumnCount > 13 ? Text(r, 13) : null,
            r.ColumnCount > 13 ? Text(r, 14) : null);
    }

    public ClaimRecord ReadClaim(RawStatement r)
    {
        RedactableText? problems = null;
        return new ClaimRecord(
            r.Int64(0),
            Integer(r, 1, "claim_id", ref problems),
            Integer(r, 2, "policy_id", ref problems),
            Date(r, 3, "claim_date", ref problems),
            Code(r, 4),
            Amount(r, 5, "claim_amount", ref problems),
            Code(r, 6),
            problems,
            r.ColumnCount > 7 ? Text(r, 7) : null,
            r.ColumnCount > 7 ? Text(r, 8) : null);
    }

    private static long? Integer(RawStatement r, int i, string name, ref RedactableText? problems)
    {
        switch (r.ColumnType(i))
        {
            case raw.SQLITE_NULL:
                return null;
            case raw.SQLITE_INTEGER:
                return r.Int64(i);
            default:
                Note(ref problems, RedactableText.Of($"{new Known(name)} holds {Show(r, i)}, not a whole number"));
                return null;
        }
    }

    private static Money? Amount(RawStatement r, int i, string name, ref RedactableText? problems)
    {
        switch (r.ColumnType(i))
        {
            case raw.SQLITE_NULL:
                return null;
            case raw.SQLITE_INTEGER:
                return new Money(r.Int64(i));
            default:
                Note(ref problems, RedactableText.Of($"{new Known(name)} holds {Show(r, i)}, not an exact amount in sen (INTEGER)"));
                return null;
        }
    }

    private static DateOnly? Date(RawStatement r, int i, string name, ref RedactableText? problems)
    {
        var type = r.ColumnType(i);
        if (type == raw.SQLITE_NULL)
        {
            return null;
        }

        if (type == raw.SQLITE_TEXT && TryParseDay(r.Utf8(i), out var date))
        {
            return date;
        }

        Note(ref problems, RedactableText.Of($"{new Known(name)} holds {Show(r, i)}, not a date YYYY-MM-DD"));
        return null;
    }

    /// <summary>Strict YYYY-MM-DD from UTF-8 bytes, without making a string.</summary>
    internal static bool TryParseDay(ReadOnlySpan<byte> text, out DateOnly date)
    {
        date = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-'
            || !Utf8Parser.TryParse(text[..4], out int year, out var y) || y != 4
            || !Utf8Parser.TryParse(text[5..7], out int month, out var m) || m != 2
            || !Utf8Parser.TryParse(text[8..], out int day, out var d) || d != 2
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private string? Code(RawStatement r, int i) => r.IsNull(i) ? null : _codes.Get(i, r.Utf8(i));

    // Personal data, a value per row: read as text whatever SQLite holds, and never into the shared codes.
    private static string? Text(RawStatement r, int i) => r.IsNull(i) ? null : r.Text(i);

    private static RedactableText Show(RawStatement r, int i)
    {
        var type = r.ColumnType(i);
        var kind = new Known(type switch
        {
            raw.SQLITE_FLOAT => "REAL",
            raw.SQLITE_TEXT => "TEXT",
            raw.SQLITE_BLOB => "BLOB",
            _ => "INTEGER",
        });
        return type is raw.SQLITE_FLOAT or raw.SQLITE_INTEGER
            ? RedactableText.Of($"'{new Known(r.Text(i))}' ({kind})")
            : RedactableText.Of($"{Classified.Personal(r.Text(i))} ({kind})");
    }

    private static void Note(ref RedactableText? problems, RedactableText problem) =>
        problems = problems is null ? problem : RedactableText.Of($"{problems}; {problem}");
}
