using Dapper;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Storage;
using MonthEnd.Postgres.Staging;
using Npgsql;

namespace MonthEnd.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>
    /// After a commit by attaching, the staged tables are the batch's ledger partitions: nothing is
    /// left in staging. This records where the staged rows now live. Safe to repeat.
    /// </summary>
    public Task<BatchRecord> ArchiveStagingAsync(string batchId, CancellationToken ct) =>
        InTransactionAsync(async (connection, transaction, _) =>
        {
            var batch = await FindBatchAsync(connection, transaction, batchId) ?? throw new BatchStateException(batchId, BatchStatus.Committed, null);
            if (batch.Status != BatchStatus.Committed)
            {
                throw new BatchStateException(batchId, BatchStatus.Committed, batch.Status);
            }

            if (batch.ArchivedAt is not null)
            {
                return batch;
            }

            var key = await BatchKeyAsync(connection, transaction, batchId);
            var location = StagingTables.DescribeLedger(key);
            await connection.ExecuteAsync("""
                UPDATE staging_month_end_master SET archived_at = now(), archive_location = @location, staging_location = NULL, updated_at = now()
                WHERE batch_id = @batchId
                """, new { batchId, location }, transaction);
            await LogEventAsync(connection, transaction, batchId, "STAGING_ARCHIVED", $"staged entries are the ledger now: {location}");
            return (await FindBatchAsync(connection, transaction, batchId))!;
        }, ct);

    /// <summary>Marks an uncommitted batch ABORTED and drops its staging tables, in one transaction; the ledger is untouched.</summary>
    public Task<BatchRecord> AbortAsync(string batchId, string reason, CancellationToken ct) =>
        InTransactionAsync(async (connection, transaction, _) =>
        {
            var current = await FindBatchAsync(connection, transaction, batchId) ?? throw new BatchStateException(batchId, BatchStatus.Running, null);
            var aborted = current.Status == BatchStatus.Aborted
                ? current
                : await MoveAsync(connection, transaction, batchId, current.Status, BatchStatus.Aborted, reason);
            await connection.ExecuteAsync("SELECT monthend_drop_staging(@key)", new { key = await BatchKeyAsync(connection, transaction, batchId) }, transaction);
            await connection.ExecuteAsync("UPDATE staging_month_end_master SET staging_location = NULL WHERE batch_id = @batchId", new { batchId }, transaction);
            return aborted with { StagingLocation = null };
        }, ct);

    public Task<LedgerSummary> SummarizeLedgerAsync(string batchId, CancellationToken ct) =>
        RunAsync(async (connection, _) =>
        {
            var batch = await FindBatchAsync(connection, null, batchId) ?? throw new BatchStateException(batchId, BatchStatus.Committed, null);
            return await SummarizeLedgerAsync(connection, null, batch);
        }, ct);

    /// <summary>What the ledger holds in the batch's JE range: entries, lines, totals, each fund's net change.</summary>
    internal static async Task<LedgerSummary> SummarizeLedgerAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, BatchRecord batch)
    {
        var range = new { first = batch.Sequence.First, last = batch.Sequence.Last };
        var entries = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM journal_entry_header WHERE je_id BETWEEN @first AND @last", range, transaction);
        var t = await connection.QuerySingleAsync<(long Lines, decimal Debit, decimal Credit, decimal Tabarru, decimal Tanahud, decimal Ujroh)>(
            SqlText.Get("ledger_range_totals"), range, transaction);
        return new LedgerSummary(entries, t.Lines, Money.FromDecimal(t.Debit), Money.FromDecimal(t.Credit),
            FundAmounts.Of(Money.FromDecimal(t.Tabarru), Money.FromDecimal(t.Tanahud), Money.FromDecimal(t.Ujroh)), batch.Sequence.First, batch.Sequence.Last);
    }
}
