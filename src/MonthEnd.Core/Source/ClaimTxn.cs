using MonthEnd.Core.Accounting;
using MonthEnd.Core.Rules;

namespace MonthEnd.Core.Source;

/// <summary>A claim that passed every source rule and will be posted through its route.</summary>
public sealed record ClaimTxn(long ClaimId, DateOnly ClaimDate, Money Amount, ClaimRoute Route);
