using MonthEnd.Core.Batches;

namespace MonthEnd.Core.Storage;

/// <summary>The database refused a new batch: the period, or the ledger's next numbers, are held by another.</summary>
public sealed class BatchConflictException(string batchId, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string BatchId { get; } = batchId;
}

/// <summary>A status change lost a race: the batch was no longer in the expected status.</summary>
public sealed class BatchStateException(string batchId, BatchStatus expected, BatchStatus? actual)
    : Exception(actual is null
        ? $"batch {batchId} does not exist"
        : $"batch {batchId} is {actual.Value.Code()}, not {expected.Code()}")
{
    public string BatchId { get; } = batchId;

    public BatchStatus? Actual { get; } = actual;
}

/// <summary>The worker no longer holds the partition's lease; it must stop writing.</summary>
public sealed class LeaseLostException(string batchId, int partitionNo, string owner)
    : Exception($"worker {owner} lost its lease on partition {partitionNo} of batch {batchId}")
{
    public int PartitionNo { get; } = partitionNo;
}

/// <summary>A re-check inside the commit transaction failed; nothing was written.</summary>
public sealed class CommitRefusedException(string batchId, string reason)
    : Exception($"commit of batch {batchId} refused: {reason}")
{
    public string Reason { get; } = reason;
}

/// <summary>A stored rules version differs from the file claiming the same version number.</summary>
public sealed class RuleSetConflictException(int version, string storedSha, string givenSha)
    : Exception($"rules version {version} is already stored with different content (sha256 {storedSha[..12]}…, this file {givenSha[..12]}…); give the changed rules a new version number")
{
    public int Version { get; } = version;
}

/// <summary>The database is not ready for this version of monthend: never initialised, not upgraded, or changed by hand.</summary>
public sealed class SchemaOutdatedException(string store, IReadOnlyList<string> problems)
    : Exception($"the database ({store}) is not initialised or not upgraded for this version of monthend: " +
                $"{string.Join("; ", problems)}; initialise or upgrade it first" +
                (problems.All(SchemaProblems.IsMigration) ? "" : "; a column changed by hand must be changed back"))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>A write waited its bounded time for the database's write lock; <see cref="Holder"/> says who held it, as far as the store can tell.</summary>
public sealed class StoreBusyException(string store, string holder, TimeSpan waited)
    : Exception($"the database ({store}) is busy: waited {waited.TotalSeconds:0} s for its write lock, held by {holder}; " +
                "if that process is hung, stop it (its lock ends with it) and run again")
{
    public string Holder { get; } = holder;
}
