using System.Globalization;
using Microsoft.Data.Sqlite;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Source;

namespace MonthEnd.Sqlite.SourceRows;

/// <summary>
/// Turns source rows into records without trusting their types: SQLite lets an INTEGER column hold
/// 12.5 or 'abc', so a value that is not exactly what the column means is reported, not coerced.
/// </summary>
internal static class SourceRowReader
{
    public const string PremiumColumns =
        "rowid, txn_id, policy_id, txn_date, payment_date, premium_amount, fund_tabarru, fund_tanahud, fund_ujroh, product_code, plan_code, payment_method, status";

    public const string ClaimColumns = "rowid, claim_id, policy_id, claim_date, claim_type, claim_amount, status";

    public static PremiumRecord ReadPremium(SqliteDataReader r)
    {
        string? problems = null;
        return new PremiumRecord(
            r.GetInt64(0),
            Integer(r, 1, "txn_id", ref problems),
            Integer(r, 2, "policy_id", ref problems),
            Date(r, 3, "txn_date", ref problems),
            Date(r, 4, "payment_date", ref problems),
            Amount(r, 5, "premium_amount", ref problems),
            Amount(r, 6, "fund_tabarru", ref problems),
            Amount(r, 7, "fund_tanahud", ref problems),
            Amount(r, 8, "fund_ujroh", ref problems),
            Text(r, 9),
            Text(r, 10),
            Text(r, 11),
            Text(r, 12),
            problems);
    }

    public static ClaimRecord ReadClaim(SqliteDataReader r)
    {
        string? problems = null;
        return new ClaimRecord(
            r.GetInt64(0),
            Integer(r, 1, "claim_id", ref problems),
            Integer(r, 2, "policy_id", ref problems),
            Date(r, 3, "claim_date", ref problems),
            Text(r, 4),
            Amount(r, 5, "claim_amount", ref problems),
            Text(r, 6),
            problems);
    }

    private static long? Integer(SqliteDataReader r, int i, string name, ref string? problems)
    {
        if (r.IsDBNull(i))
        {
            return null;
        }

        if (r.GetFieldType(i) == typeof(long))
        {
            return r.GetInt64(i);
        }

        Note(ref problems, $"{name} holds {Show(r, i)}, not a whole number");
        return null;
    }

    private static Money? Amount(SqliteDataReader r, int i, string name, ref string? problems)
    {
        if (r.IsDBNull(i))
        {
            return null;
        }

        if (r.GetFieldType(i) == typeof(long))
        {
            return new Money(r.GetInt64(i));
        }

        Note(ref problems, $"{name} holds {Show(r, i)}, not an exact amount in sen (INTEGER)");
        return null;
    }

    private static DateOnly? Date(SqliteDataReader r, int i, string name, ref string? problems)
    {
        if (r.IsDBNull(i))
        {
            return null;
        }

        if (r.GetFieldType(i) == typeof(string)
            && DateOnly.TryParseExact(r.GetString(i), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Note(ref problems, $"{name} holds {Show(r, i)}, not a date YYYY-MM-DD");
        return null;
    }

    private static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static string Show(SqliteDataReader r, int i) =>
        $"'{Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture)}' ({r.GetFieldType(i).Name})";

    private static void Note(ref string? problems, string problem) => problems = problems is null ? problem : problems + "; " + problem;
}
