using MonthEnd.Core.Accounting;
using MonthEnd.Core.Source;
using Npgsql;

namespace MonthEnd.Postgres.SourceRows;

/// <summary>Source rows into records. PostgreSQL's types are strict (NUMERIC(18,2), DATE), so nothing here is unreadable.</summary>
internal static class SourceRowReader
{
    public const string PremiumColumns =
        "row_id, txn_id, policy_id, txn_date, payment_date, premium_amount, fund_tabarru, fund_tanahud, fund_ujroh, product_code, plan_code, payment_method, status";

    public const string ClaimColumns = "row_id, claim_id, policy_id, claim_date, claim_type, claim_amount, status";

    public static PremiumRecord ReadPremium(NpgsqlDataReader r) => new(
        r.GetInt64(0), Long(r, 1), Long(r, 2), Date(r, 3), Date(r, 4), Amount(r, 5), Amount(r, 6), Amount(r, 7), Amount(r, 8),
        Text(r, 9), Text(r, 10), Text(r, 11), Text(r, 12));

    public static ClaimRecord ReadClaim(NpgsqlDataReader r) => new(
        r.GetInt64(0), Long(r, 1), Long(r, 2), Date(r, 3), Text(r, 4), Amount(r, 5), Text(r, 6));

    private static long? Long(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    private static DateOnly? Date(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateOnly>(i);

    private static Money? Amount(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : Money.FromDecimal(r.GetDecimal(i));

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
