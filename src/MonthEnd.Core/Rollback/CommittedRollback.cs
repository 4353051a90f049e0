using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;

namespace MonthEnd.Core.Rollback;

/// <summary>One row a rollback removes or changes, as the database holds it, for the backup file.</summary>
public sealed record FootprintRow(string Table, IReadOnlyList<string> Columns, object?[] Values);

/// <summary>What the database holds of a batch: entries and lines in its JE range, source rows carrying its id.</summary>
public sealed record BatchFootprint(long Entries, long Lines, long Premiums, long Claims)
{
    public bool IsEmpty => Entries == 0 && Lines == 0 && Premiums == 0 && Claims == 0;

    public override string ToString() => $"{Entries} entries, {Lines} lines, {Premiums} premiums and {Claims} claims marked";
}

/// <summary>What a committed rollback did, in its one transaction.</summary>
public sealed record CommittedRollback(
    BatchRecord Batch, BatchFootprint Removed, FundAmounts FundChangeReversed, FundAmounts BalancesBefore, FundAmounts BalancesAfter);

/// <summary>A committed rollback that may not run; nothing was changed.</summary>
public sealed class RollbackRefusedException(string batchId, string reason) : Exception($"batch {batchId} cannot be rolled back: {reason}")
{
    public string BatchId { get; } = batchId;

    public string Reason { get; } = reason;
}
