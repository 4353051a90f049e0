using MonthEnd.Core.Accounting;

namespace MonthEnd.Core.Storage;

/// <summary>What one commit wrote.</summary>
public sealed record CommitResult(long HeadersWritten, long LinesWritten, long PremiumsMarked, long ClaimsMarked, FundAmounts FundNetChange);

/// <summary>What the ledger holds for one batch.</summary>
public sealed record LedgerSummary(long Entries, long Lines, Money TotalDebit, Money TotalCredit, FundAmounts FundNetChange, long FirstJeNumber, long LastJeNumber);
