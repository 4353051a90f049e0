using MonthEnd.Core.Accounting;

namespace MonthEnd.Core.Rules;

/// <summary>A product sold to participants and the allocation rule its premiums follow.</summary>
public sealed record TakafulProduct(string Code, string Name, AllocationRule Allocation);
