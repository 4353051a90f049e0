using MonthEnd.Core.Calendar;
using MonthEnd.Core.Rules;

namespace MonthEnd.Core.Engine;

/// <summary>A request to run (or resume) the month-end of a period.</summary>
public sealed record RunRequest(Period Period, string? BatchId, RuleSet Rules, string InitiatedBy, RunSettings Settings);
