using MonthEnd.Core.Audit;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Storage;
using MonthEnd.Sqlite.Audit;
using MonthEnd.Sqlite.Staging;

namespace MonthEnd.Sqlite;

/// <summary>
/// Sealed batches' ledgers measured against their seals. One read transaction: every read sees the
/// same state of the file. It holds SQLite's shared lock while it reads, so a writer's commit (a
/// batch's chunk, an append to the trail) waits for it, within the busy timeout.
/// </summary>
public sealed partial class SqliteStore : ILedgerSeals
{
    public Task<SealVerification> VerifyLedgerSealAsync(LedgerSeal seal, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        using var connection = Database.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        var verification = LedgerSealCheck.Compare(seal, SealedLedger.Measure(connection, transaction, seal));
        // A reversal's rows are posted from the original's ledger, not from source records: its seal is not explained by posting again.
        var posted = Dapper.SqlMapper.ExecuteScalar<string>(connection, "SELECT kind FROM staging_month_end_master WHERE batch_id = @batchId",
            new { batchId = seal.BatchId }, transaction) != BatchKind.Reversal;
        if (posted && LedgerSealCheck.ToExplain(seal, verification) is { } partition)
        {
            var reposted = new PartitionPosting(LoadRuleSet(seal.RuleSetId), partition.AsPartition(seal.BatchId)).Entries(
                partition.Kind == SourceKind.Premium ? SealedLedger.Premiums(connection, seal.BatchId, partition) : [],
                partition.Kind == SourceKind.Claim ? SealedLedger.Claims(connection, seal.BatchId, partition) : []);
            var ledger = StagingMeasure.ContentRows(connection, "journal_entry_header", "journal_entry_line", partition.Range, transaction);
            verification = LedgerSealCheck.Explain(verification, partition, reposted, ledger);
        }

        transaction.Commit();
        return Task.FromResult(verification);
    }
}
