namespace MonthEnd.Core.Validation;

/// <summary>
/// What a worker measured in the rows it staged for one chunk (<see cref="StagingTally"/> over the
/// entries it wrote), recorded by the very transaction that wrote them, with that transaction's id.
/// </summary>
public sealed record ChunkSeal(int PartitionNo, long FromRecord, long TransactionId, StagingFacts Facts);

/// <summary>
/// What the store finds in the staged tables among the rows one transaction wrote: only the
/// aggregates (counts, number range, sums, funds' net), which the database computes without
/// handing any row over.
/// </summary>
public sealed record StagedByTransaction(long TransactionId, StagingFacts Totals);
