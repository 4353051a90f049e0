using Microsoft.Data.Sqlite;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Source;

namespace MonthEnd.Sqlite.SourceRows;

/// <summary>
/// The unprocessed rows a period's scan cannot show (<see cref="StrayRow"/>), each kind through an
/// index of its own (Migrations/Main/0003): rows whose date is no date, of any period, and rows of
/// the period whose id a processed row holds, within the ids the batch posts.
/// </summary>
internal static class StrayRows
{
    private static readonly string UndatedPremiums = Undated("premium_transaction", "txn_id", "payment_date");
    private static readonly string UndatedClaims = Undated("claims_transaction", "claim_id", "claim_date");
    private static readonly string RepostedPremiums = Reposted("premium_transaction", "txn_id", "payment_date");
    private static readonly string RepostedClaims = Reposted("claims_transaction", "claim_id", "claim_date");

    public static IReadOnlyList<StrayRow> Read(SqliteConnection connection, Period period, PostedIdRanges posted)
    {
        var strays = new List<StrayRow>();
        Collect(connection, UndatedPremiums, SourceKind.Premium, strays);
        Collect(connection, UndatedClaims, SourceKind.Claim, strays);
        if (posted.Premiums is { } premiums)
        {
            Collect(connection, RepostedPremiums, SourceKind.Premium, strays, period, premiums);
        }

        if (posted.Claims is { } claims)
        {
            Collect(connection, RepostedClaims, SourceKind.Claim, strays, period, claims);
        }

        return strays;
    }

    /// <summary>
    /// SQL true when a column holds canonical 'YYYY-MM-DD' text of a real day: word for word the
    /// predicate of the partial indexes in Migrations/Main/0003 (SQLite uses a partial index only
    /// for a query that repeats its condition; INDEXED BY below fails at once should they differ).
    /// </summary>
    internal static string IsDay(string column) => $"""
        typeof({column}) = 'text'
                AND {column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
                AND {column} >= '0001-01-01'
                AND substr({column}, 6, 2) BETWEEN '01' AND '12'
                AND substr({column}, 9, 2) BETWEEN '01' AND CASE substr({column}, 6, 2)
                    WHEN '02' THEN CASE WHEN substr({column}, 1, 4) % 4 = 0
                                         AND (substr({column}, 1, 4) % 100 <> 0 OR substr({column}, 1, 4) % 400 = 0)
                                        THEN '29' ELSE '28' END
                    WHEN '04' THEN '30' WHEN '06' THEN '30' WHEN '09' THEN '30' WHEN '11' THEN '30'
                    ELSE '31' END
        """;

    private static string Undated(string table, string id, string date) => $"""
        SELECT rowid, {id}, status, CASE WHEN {date} IS NULL THEN NULL ELSE quote({date}) || ' (' || upper(typeof({date})) || ')' END, NULL
        FROM {table} INDEXED BY ix_{table}_undated
        WHERE NOT ({IsDay(date)}) AND batch_processed = 0
        ORDER BY {id} NULLS FIRST, rowid
        """;

    // Driven by the processed rows in the batch's id range (CROSS JOIN keeps them outside), each
    // looked up among the unprocessed rows through their index.
    private static string Reposted(string table, string id, string date) => $"""
        SELECT u.rowid, u.{id}, u.status, NULL, coalesce(p.batch_id, '')
        FROM {table} AS p INDEXED BY ix_{table}_posted
        CROSS JOIN {table} AS u
        WHERE p.batch_processed = 1 AND p.{id} BETWEEN @first AND @last
          AND u.{id} = p.{id} AND u.batch_processed = 0 AND u.{date} BETWEEN @start AND @end
        ORDER BY u.{id}, u.rowid
        """;

    private static void Collect(SqliteConnection connection, string sql, SourceKind kind, List<StrayRow> into, Period? period = null, IdBounds? ids = null)
    {
        using var query = new RawStatement(connection, sql);
        if (period is { } p && ids is { } range)
        {
            SqliteStore.BindPeriod(query, p);
            query.Bind("@first", range.First).Bind("@last", range.Last);
        }

        while (query.Read())
        {
            into.Add(new StrayRow(kind, query.Int64(0), query.ColumnType(1) == SQLitePCL.raw.SQLITE_INTEGER ? query.Int64(1) : null, query.IsNull(2) ? null : query.Text(2),
                query.IsNull(3) ? null : query.Text(3), query.IsNull(4) ? null : query.Text(4)));
        }
    }
}
