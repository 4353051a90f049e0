using MonthEnd.Core.Accounting;

namespace MonthEnd.Core.Source;

/// <summary>A premium that passed every source rule and will be posted.</summary>
public sealed record PremiumTxn(long TxnId, DateOnly PaymentDate, Money Premium, FundAllocation Allocation, string ProductCode);
