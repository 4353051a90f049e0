using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Storage;

/// <summary>How a validate-and-commit ended: the checks, and what was written when they passed.</summary>
/// <remarks><paramref name="Steps"/> times each step of the transaction, for operators and the benchmark.</remarks>
public sealed record CommitOutcome(BatchRecord Batch, ValidationReport Report, CommitResult? Commit, IReadOnlyList<(string Step, TimeSpan Time)> Steps);

/// <summary>What one commit wrote.</summary>
public sealed record CommitResult(long HeadersWritten, long LinesWritten, long PremiumsMarked, long ClaimsMarked, FundAmounts FundNetChange);

/// <summary>What the ledger holds for one batch.</summary>
public sealed record LedgerSummary(long Entries, long Lines, Money TotalDebit, Money TotalCredit, FundAmounts FundNetChange, long FirstJeNumber, long LastJeNumber);
