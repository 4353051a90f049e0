using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Validation;

namespace MonthEnd.Operations.Batches;

/// <summary>One batch with everything status shows: partitions, validation results, events and, once committed, the ledger's totals.</summary>
public sealed record BatchStatusView(
    BatchRecord Batch,
    IReadOnlyList<PartitionRecord> Partitions,
    IReadOnlyList<ValidationCheck> Checks,
    IReadOnlyList<BatchEvent> Events,
    LedgerSummary? Ledger);

/// <summary>The recent batches and the fund balances.</summary>
public sealed record BatchListView(IReadOnlyList<BatchRecord> Batches, FundAmounts FundBalances);

/// <summary>How a run ended, with the ledger's totals when it committed and the fund balances after it.</summary>
public sealed record BatchRunResult(Core.Engine.RunOutcome Outcome, LedgerSummary? Ledger, FundAmounts FundBalances);
