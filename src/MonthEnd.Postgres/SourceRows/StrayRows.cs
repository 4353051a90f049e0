using MonthEnd.Core.Calendar;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Source;
using Npgsql;

namespace MonthEnd.Postgres.SourceRows;

/// <summary>
/// The unprocessed rows a period's scan cannot show (<see cref="StrayRow"/>), through the indexes
/// the source already has (Migrations/0006), so that years of rows cost nothing here:
/// <list type="bullet">
/// <item>rows whose date is no date, of any period: a DATE column holds only real days, so these are
/// NULL, ±infinity and days outside 0001..9999 (which no period reaches and the client cannot
/// read): index ranges of the date index, few rows;</item>
/// <item>rows of the period whose id a processed row holds: the id index over the ids the batch
/// posts, so the rows read are about the period's own (processed ones are seen on the heap: no
/// index covers batch_processed, which keeps the commit's marking heap-only).</item>
/// </list>
/// </summary>
internal static class StrayRows
{
    private static readonly string UndatedPremiums = Undated("premium_transaction", "txn_id", "payment_date");
    private static readonly string UndatedClaims = Undated("claims_transaction", "claim_id", "claim_date");
    private static readonly string RepostedPremiums = Reposted("premium_transaction", "txn_id", "payment_date");
    private static readonly string RepostedClaims = Reposted("claims_transaction", "claim_id", "claim_date");

    public static async Task<IReadOnlyList<StrayRow>> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Period period, PostedIdRanges posted, CancellationToken ct)
    {
        var strays = new List<StrayRow>();
        await CollectAsync(connection, transaction, UndatedPremiums, SourceKind.Premium, strays, null, null, ct);
        await CollectAsync(connection, transaction, UndatedClaims, SourceKind.Claim, strays, null, null, ct);
        if (posted.Premiums is { } premiums)
        {
            await CollectAsync(connection, transaction, RepostedPremiums, SourceKind.Premium, strays, period, premiums, ct);
        }

        if (posted.Claims is { } claims)
        {
            await CollectAsync(connection, transaction, RepostedClaims, SourceKind.Claim, strays, period, claims, ct);
        }

        return strays;
    }

    private static string Undated(string table, string id, string date) => $"""
        SELECT row_id, {id}, status, quote_literal({date}::text) || ' (DATE)', NULL::text
        FROM {table}
        WHERE ({date} IS NULL OR {date} < DATE '0001-01-01' OR {date} > DATE '9999-12-31') AND NOT batch_processed
        ORDER BY {id} NULLS FIRST, row_id
        """;

    // Driven by the processed rows in the range, each looked up among the period's rows by id
    // (OFFSET 0 keeps both subqueries apart: as a plain join the planner hashed the whole period,
    // 2.8x slower on 1M rows). The range is read through the id index, a bitmap over the period's own
    // pages: about what the version check reads (docs/benchmarks.md: 0.66 s for 1M rows).
    private static string Reposted(string table, string id, string date) => $"""
        SELECT u.row_id, u.{id}, u.status, NULL::text, coalesce(p.batch_id, '')
        FROM (SELECT {id}, batch_id FROM {table} WHERE {id} BETWEEN @first AND @last AND batch_processed OFFSET 0) p
        CROSS JOIN LATERAL (
            SELECT row_id, {id}, status FROM {table} u
            WHERE u.{id} = p.{id} AND NOT u.batch_processed AND u.{date} BETWEEN @start AND @end OFFSET 0) u
        ORDER BY u.{id}, u.row_id
        """;

    private static async Task CollectAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, SourceKind kind, List<StrayRow> into, Period? period, IdBounds? ids,
        CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        if (period is { } p && ids is { } range)
        {
            PostgresStore.AddPeriod(command, p);
            command.Parameters.AddWithValue("first", range.First);
            command.Parameters.AddWithValue("last", range.Last);
        }

        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            into.Add(new StrayRow(kind, reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), Text(reader, 2), Text(reader, 3), Text(reader, 4)));
        }
    }

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
