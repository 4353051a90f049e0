using MonthEnd.Core.Accounting;
using MonthEnd.Core.Posting;

namespace MonthEnd.Core.Rules;

/// <summary>Where a claim type goes: the template that posts it and the fund that bears it.</summary>
public sealed record ClaimRoute(string ClaimType, PostingTemplate Template, Fund Fund);
