using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Source;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Storage;

/// <summary>
/// Everything the engine needs from a database. SQLite and PostgreSQL implement it; one contract
/// test suite runs against both. Implementations are safe to share between threads; per-worker
/// state lives in <see cref="IWorkerSession"/>.
/// </summary>
public interface IMonthEndStore : IPeriodStore, IAsyncDisposable
{
    /// <summary>What this store is, for people: "SQLite /data/monthend.db".</summary>
    string Description { get; }

    /// <summary>What a batch may ask of this store (pre-flight refuses a plan beyond it).</summary>
    StoreLimits Limits { get; }

    /// <summary>Creates or upgrades the schema and the fund rows; safe to run again.</summary>
    Task MigrateAsync(CancellationToken ct);

    /// <summary>
    /// What keeps this version from working on the database, one line each: a migration not applied
    /// (every one when it was never initialised), or a column changed by hand away from what the
    /// migrations made, where the store relies on it. Empty when the database is ready.
    /// </summary>
    Task<IReadOnlyList<string>> SchemaProblemsAsync(CancellationToken ct);

    /// <summary>Stores a rules version (idempotent) and returns its id; the same version with other content is refused. <paramref name="loadedBy"/> is the acting user.</summary>
    Task<long> SaveRuleSetAsync(RuleSet rules, string loadedBy, CancellationToken ct);

    Task<RuleSet> LoadRuleSetAsync(long ruleSetId, CancellationToken ct);

    /// <summary>
    /// Hands the period's unprocessed source to <paramref name="read"/> as one consistent snapshot
    /// (<see cref="SourceSnapshot"/>). Its version is such that an equal version at another moment
    /// means no row in scope was inserted, updated or deleted in between (every write changes it);
    /// null when the store cannot tell, and then the commit always re-reads the source. Should the
    /// store lose its connection meanwhile, <paramref name="read"/> runs again on a new snapshot, so
    /// it must start afresh each time.
    /// </summary>
    Task<T> ReadSourceSnapshotAsync<T>(Period period, Func<SourceSnapshot, CancellationToken, Task<T>> read, CancellationToken ct);

    /// <summary>The period's unprocessed premium rows, every status, in txn_id order with NULL ids first.</summary>
    IAsyncEnumerable<PremiumRecord> ReadPremiumsAsync(Period period, CancellationToken ct);

    /// <summary>The period's unprocessed claim rows, every status, in claim_id order with NULL ids first.</summary>
    IAsyncEnumerable<ClaimRecord> ReadClaimsAsync(Period period, CancellationToken ct);

    /// <summary>Appends source rows in bulk (test data, imports); ids are taken as given.</summary>
    Task AppendSourceAsync(IEnumerable<PremiumRecord> premiums, IEnumerable<ClaimRecord> claims, CancellationToken ct);

    /// <summary>The largest txn_id and claim_id in the source tables (0 when empty).</summary>
    Task<(long TxnId, long ClaimId)> MaxSourceIdsAsync(CancellationToken ct);

    /// <summary>The number the next committed journal entry must take: last committed + 1.</summary>
    Task<long> NextJeNumberAsync(CancellationToken ct);

    Task<FundAmounts> GetFundBalancesAsync(CancellationToken ct);

    /// <summary>
    /// Records a planned batch with its partitions. The database refuses a second open batch for
    /// the period, or one planned on the same JE numbers: <see cref="BatchConflictException"/>.
    /// </summary>
    Task<BatchRecord> CreateBatchAsync(BatchPlan plan, long ruleSetId, CancellationToken ct);

    Task<BatchRecord?> FindBatchAsync(string batchId, CancellationToken ct);

    /// <summary>Batches, newest first, optionally of one period.</summary>
    Task<IReadOnlyList<BatchRecord>> ListBatchesAsync(Period? period, int limit, CancellationToken ct);

    /// <summary>Moves a batch from one status to another only if it is still in the first: <see cref="BatchStateException"/> otherwise.</summary>
    Task<BatchRecord> MoveAsync(string batchId, BatchStatus from, BatchStatus to, string? reason, CancellationToken ct);

    Task<IReadOnlyList<PartitionRecord>> GetPartitionsAsync(string batchId, CancellationToken ct);

    /// <summary>
    /// Puts FAILED partitions back to PENDING so workers retry them from their first record: each
    /// one's staged rows (and chunk seals) are discarded and its checkpoint reset, in one
    /// transaction. A partition fails when its source changed since planning (or for a reason no
    /// one can vouch for); once the source is restored, resuming from the checkpoint would skip
    /// rows or number entries from a position the source no longer has, so the retry redoes it
    /// whole, with the same JE numbers an undisturbed run gives.
    /// </summary>
    Task<int> RetryFailedPartitionsAsync(string batchId, CancellationToken ct);

    /// <summary>Ends a lease now, if its owner still holds it (used when the owner is known to be dead).</summary>
    Task<bool> ExpireLeaseAsync(string batchId, int partitionNo, string owner, CancellationToken ct);

    Task RecordEventAsync(string batchId, string eventName, string details, CancellationToken ct);

    Task<IReadOnlyList<BatchEvent>> GetEventsAsync(string batchId, CancellationToken ct);

    Task<IWorkerSession> OpenWorkerAsync(string batchId, string workerName, CancellationToken ct);

    /// <summary>Counts and sums the batch's staging tables (what validation measures), for inspection.</summary>
    Task<StagingFacts> MeasureStagingAsync(BatchRecord batch, CancellationToken ct);

    Task<IReadOnlyList<ValidationCheck>> GetValidationResultsAsync(string batchId, CancellationToken ct);

    /// <summary>
    /// Validates a VALIDATING batch (or a COMMITTING one whose commit was interrupted: the store moves
    /// it back to VALIDATING first, with <see cref="BatchStatuses.InterruptedCommit"/> as the reason)
    /// and, when every check passed and <paramref name="commit"/> is set,
    /// commits it, all in ONE transaction, so nothing can change between the checks and the writes:
    /// measures staging, scans the source again, evaluates <see cref="BatchVerifier"/> and records the
    /// results; on failure moves the batch to FAILED and writes nothing else; on success writes the
    /// ledger, adds each fund's net change to fund_balance, marks the source rows and sets the batch
    /// COMMITTED. If a re-check while writing fails, nothing is written and the batch is FAILED with
    /// the reason as a failed check (COMMIT_RECHECK). One process at a time validates and commits a
    /// batch: another that tries meanwhile gets a <see cref="BatchConflictException"/>.
    /// </summary>
    /// <param name="postedBy">The acting user, kept as posted_by on every ledger entry.</param>
    Task<CommitOutcome> ValidateAndCommitAsync(BatchRecord batch, RuleSet rules, bool commit, string postedBy, CancellationToken ct);

    /// <summary>After a commit: keeps the staged rows in the archive and clears staging. Safe to repeat.</summary>
    Task<BatchRecord> ArchiveStagingAsync(string batchId, CancellationToken ct);

    /// <summary>Drops an uncommitted batch's staging and marks it ABORTED; the ledger is untouched.</summary>
    Task<BatchRecord> AbortAsync(string batchId, string reason, CancellationToken ct);

    /// <summary>What the ledger holds for a committed batch, for reports and reconciliation.</summary>
    Task<LedgerSummary> SummarizeLedgerAsync(string batchId, CancellationToken ct);
}
