using Dapper;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Validation;
using MonthEnd.Postgres.Rows;
using Npgsql;

namespace MonthEnd.Postgres.Staging;

/// <summary>
/// The batch's staged tables against its chunks' seals (<see cref="SealedStaging"/>): the server
/// groups the staged rows by the transaction that wrote each one (xmin) and sums them, the header
/// and line tables on a connection each, at once; only a few hundred aggregate rows come back.
/// </summary>
internal static class ChunkSeals
{
    public static Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string batchId, int partitionNo, long fromRecord, StagingFacts facts) =>
        connection.ExecuteAsync(ChunkSealRow.Insert, ChunkSealRow.InsertArgs(batchId, partitionNo, fromRecord, facts), transaction);

    public static async Task<SealedStagingResult> ReconcileAsync(PostgresStore store, string batchId, long batchKey, CancellationToken ct)
    {
        var seals = await store.RunAsync(async (connection, _) =>
            (await connection.QueryAsync<ChunkSealRow>($"SELECT {ChunkSealRow.Columns} FROM staging_chunk_seal WHERE batch_id = @batchId", new { batchId }))
            .Select(r => r.ToSeal()).ToList(), ct);
        var headers = store.RunAsync((connection, _) => HeadersByTransactionAsync(connection, batchKey), ct);
        var lines = store.RunAsync((connection, _) => LinesByTransactionAsync(connection, batchKey), ct);
        await Task.WhenAll(headers, lines);
        return SealedStaging.Reconcile(seals, await headers, await lines);
    }

    private static async Task<IReadOnlyList<StagedByTransaction>> HeadersByTransactionAsync(NpgsqlConnection connection, long batchKey)
    {
        await SerialAsync(connection);
        var rows = await connection.QueryAsync<(long Transaction, long Headers, long Claims, long Min, long Max, decimal PremiumDebit, decimal ClaimDebit)>($"""
            SELECT xmin::text::bigint, count(*), count(*) FILTER (WHERE reference_type = @claim), min(je_id), max(je_id),
                   coalesce(sum(total_debit) FILTER (WHERE reference_type IS DISTINCT FROM @claim), 0),
                   coalesce(sum(total_debit) FILTER (WHERE reference_type = @claim), 0)
            FROM {StagingTables.Header(batchKey)} GROUP BY xmin
            """, new { claim = SourceKind.Claim.Code() }, commandTimeout: 0);
        return rows.Select(r => new StagedByTransaction(r.Transaction, new StagingFacts
        {
            HeaderCount = r.Headers,
            PremiumHeaderCount = r.Headers - r.Claims,
            ClaimHeaderCount = r.Claims,
            MinJeNumber = r.Min,
            MaxJeNumber = r.Max,
            PremiumEntriesDebit = Money.FromDecimal(r.PremiumDebit),
            ClaimEntriesDebit = Money.FromDecimal(r.ClaimDebit),
        })).ToList();
    }

    private static async Task<IReadOnlyList<StagedByTransaction>> LinesByTransactionAsync(NpgsqlConnection connection, long batchKey)
    {
        await SerialAsync(connection);
        var funds = string.Join(", ", Funds.All.Select((_, i) => $"coalesce(sum(credit_amount - debit_amount) FILTER (WHERE fund_type = @f{i}), 0)"));
        var args = new DynamicParameters();
        for (var i = 0; i < Funds.All.Count; i++)
        {
            args.Add($"f{i}", Funds.All[i].Code());
        }

        await using var reader = await connection.ExecuteReaderAsync($"""
            SELECT xmin::text::bigint, count(*), sum(debit_amount), sum(credit_amount), {funds}
            FROM {StagingTables.Line(batchKey)} GROUP BY xmin
            """, args, commandTimeout: 0);
        var staged = new List<StagedByTransaction>();
        while (await reader.ReadAsync())
        {
            var net = new FundAmounts();
            for (var i = 0; i < Funds.All.Count; i++)
            {
                net[Funds.All[i]] = Money.FromDecimal(reader.GetDecimal(4 + i));
            }

            staged.Add(new StagedByTransaction(reader.GetInt64(0), new StagingFacts
            {
                LineCount = reader.GetInt64(1),
                TotalDebit = Money.FromDecimal(reader.GetDecimal(2)),
                TotalCredit = Money.FromDecimal(reader.GetDecimal(3)),
                FundNetChange = net,
            }));
        }

        return staged;
    }

    /// <summary>One core per table: the commit's other steps (keys, marking) keep the cores busy too; parallel workers or JIT would only crowd them.</summary>
    private static Task<int> SerialAsync(NpgsqlConnection connection) =>
        connection.ExecuteAsync("SET jit = off; SET max_parallel_workers_per_gather = 0");
}
