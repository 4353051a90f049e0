using System.Data;
using Dapper;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Storage;
using MonthEnd.Postgres.Audit;
using MonthEnd.Postgres.Staging;

namespace MonthEnd.Postgres;

/// <summary>
/// Sealed batches' ledgers measured against their seals, in one read-only REPEATABLE READ transaction:
/// every read sees the same snapshot, and MVCC lets writers carry on meanwhile.
/// </summary>
public sealed partial class PostgresStore : ILedgerSeals
{
    public Task<SealVerification> VerifyLedgerSealAsync(LedgerSeal seal, CancellationToken ct) =>
        RunAsync(async (connection, token) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, token);
            // A long ordered read: compiling it costs more than it saves (as for the staging measurement).
            await connection.ExecuteAsync("SET TRANSACTION READ ONLY; SET LOCAL jit = off", transaction: transaction);
            var verification = LedgerSealCheck.Compare(seal, SealedLedger.Measure(connection, seal));
            // A reversal's rows are posted from the original's ledger, not from source records: its seal is not explained by posting again.
            var posted = await connection.ExecuteScalarAsync<string>("SELECT kind FROM staging_month_end_master WHERE batch_id = @batchId",
                new { batchId = seal.BatchId }, transaction) != BatchKind.Reversal;
            if (posted && LedgerSealCheck.ToExplain(seal, verification) is { } partition)
            {
                var rules = await LoadRuleSetAsync(seal.RuleSetId, token);
                var reposted = new PartitionPosting(rules, partition.AsPartition(seal.BatchId)).Entries(
                    partition.Kind == SourceKind.Premium ? await SealedLedger.PremiumsAsync(connection, seal.BatchId, partition, token) : [],
                    partition.Kind == SourceKind.Claim ? await SealedLedger.ClaimsAsync(connection, seal.BatchId, partition, token) : []);
                var ledger = await StagingMeasure.ContentRowsAsync(connection, "journal_entry_header", "journal_entry_line", partition.Range);
                verification = LedgerSealCheck.Explain(verification, partition, reposted, ledger);
            }

            await transaction.CommitAsync(token);
            return verification;
        }, ct);
}
