using Dapper;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Storage;
using MonthEnd.Sqlite.Staging;

namespace MonthEnd.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// Archives a committed batch's staging by moving its file into the archive folder (readable with
    /// any SQLite client) and records where it went. A crash between the move and the update is
    /// repaired by running it again.
    /// </summary>
    public Task<BatchRecord> ArchiveStagingAsync(string batchId, CancellationToken ct) =>
        WriteAsync((connection, transaction) =>
        {
            var batch = FindBatch(connection, transaction, batchId) ?? throw new BatchStateException(batchId, BatchStatus.Committed, null);
            if (batch.Status != BatchStatus.Committed)
            {
                throw new BatchStateException(batchId, BatchStatus.Committed, batch.Status);
            }

            if (batch.ArchivedAt is not null)
            {
                return batch;
            }

            var staging = Database.StagingFileOf(batchId);
            var archive = Database.ArchiveFileOf(batchId);
            if (File.Exists(staging))
            {
                Directory.CreateDirectory(Database.ArchiveDirectory);
                File.Move(staging, archive);
                StagingFile.DeleteEmptyJournal(staging);
            }

            connection.Execute($"""
                UPDATE staging_month_end_master
                SET archived_at = {SqliteDatabase.NowText}, archive_location = @archive, staging_location = NULL, updated_at = {SqliteDatabase.NowText}
                WHERE batch_id = @batchId
                """, new { batchId, archive = File.Exists(archive) ? archive : null }, transaction);
            LogEvent(connection, transaction, batchId, "STAGING_ARCHIVED", File.Exists(archive) ? $"staging moved to {archive}" : "no staging file was left to archive");
            return FindBatch(connection, transaction, batchId)!;
        }, ct);

    /// <summary>Marks an uncommitted batch ABORTED and deletes its staging; running workers stop at their next chunk.</summary>
    public async Task<BatchRecord> AbortAsync(string batchId, string reason, CancellationToken ct)
    {
        var batch = await WriteAsync((connection, transaction) =>
        {
            var current = FindBatch(connection, transaction, batchId) ?? throw new BatchStateException(batchId, BatchStatus.Running, null);
            return current.Status == BatchStatus.Aborted
                ? current
                : Move(connection, transaction, batchId, current.Status, BatchStatus.Aborted, reason);
        }, ct);
        StagingFile.Delete(Database.StagingFileOf(batchId));
        return batch;
    }

    public Task<LedgerSummary> SummarizeLedgerAsync(string batchId, CancellationToken ct)
    {
        using var connection = Database.Open();
        var batch = FindBatch(connection, null, batchId) ?? throw new BatchStateException(batchId, BatchStatus.Committed, null);
        var range = new { first = batch.Sequence.First, last = batch.Sequence.Last };
        var entries = connection.ExecuteScalar<long>("SELECT count(*) FROM journal_entry_header WHERE je_id BETWEEN @first AND @last", range);
        var t = connection.QuerySingle<(long Lines, long Debit, long Credit, long Tabarru, long Tanahud, long Ujroh)>(SqlText.Get("ledger_range_totals"), range);
        return Task.FromResult(new LedgerSummary(entries, t.Lines, new Money(t.Debit), new Money(t.Credit),
            FundAmounts.Of(new Money(t.Tabarru), new Money(t.Tanahud), new Money(t.Ujroh)), batch.Sequence.First, batch.Sequence.Last));
    }
}
