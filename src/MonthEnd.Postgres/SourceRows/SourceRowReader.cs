using MonthEnd.Core.Accounting;
using MonthEnd.Core.Source;
using Npgsql;

namespace MonthEnd.Postgres.SourceRows;

/// <summary>Source rows into records. PostgreSQL's types are strict (NUMERIC(18,2), DATE), so nothing here is unreadable.</summary>
/// <remarks>
/// Amounts come as whole sen, <c>(amount * 100)::bigint</c>: exact, because a NUMERIC(18,2) times 100
/// is always an integer below 10^18, and it spares the client a NUMERIC → decimal → Money conversion
/// for each of the four amounts of every row read. The server pays about 0.2 µs a value for it: a
/// gain here, where the client also checks and hashes every record, but not for the 18 million
/// amounts of the staging measurement, which reads NUMERIC (see StagingMeasure). The
/// exactness rests on the source columns' NUMERIC(18,2) (Migrations/0001_initial.sql), which the
/// commands check before they start (Sql/amount_columns_not_in_sen.sql).
/// </remarks>
internal static class SourceRowReader
{
    public const string PremiumColumns =
        "row_id, txn_id, policy_id, txn_date, payment_date, " +
        "(premium_amount * 100)::bigint, (fund_tabarru * 100)::bigint, (fund_tanahud * 100)::bigint, (fund_ujroh * 100)::bigint, " +
        "product_code, plan_code, payment_method, status";

    public const string ClaimColumns = "row_id, claim_id, policy_id, claim_date, claim_type, (claim_amount * 100)::bigint, status";

    /// <summary>
    /// Whose record it is, after either list, for the period's scan only, whose findings name it
    /// (masked): two strings a row that posting (chunks, the commit's re-check, seals) has no use for.
    /// </summary>
    public const string HolderColumns = ", account_number, policy_holder_id";

    public static PremiumRecord ReadPremium(NpgsqlDataReader r) => new(
        r.GetInt64(0), Long(r, 1), Long(r, 2), Date(r, 3), Date(r, 4), Sen(r, 5), Sen(r, 6), Sen(r, 7), Sen(r, 8),
        Text(r, 9), Text(r, 10), Text(r, 11), Text(r, 12), null, Holder(r, 13), Holder(r, 14));

    public static ClaimRecord ReadClaim(NpgsqlDataReader r) => new(
        r.GetInt64(0), Long(r, 1), Long(r, 2), Date(r, 3), Text(r, 4), Sen(r, 5), Text(r, 6), null, Holder(r, 7), Holder(r, 8));

    private static long? Long(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    private static DateOnly? Date(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateOnly>(i);

    private static Money? Sen(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : Money.FromMinor(r.GetInt64(i));

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    // Read when the query selected HolderColumns.
    private static string? Holder(NpgsqlDataReader r, int i) => r.FieldCount > i ? Text(r, i) : null;
}
