using MonthEnd.Core.Audit;
using MonthEnd.Operations.Access;

namespace MonthEnd.Operations.Audit;

/// <summary>What an operation records: its name, the batch it concerns, who did it from where, the outcome and the state around it.</summary>
public sealed record AuditRecord(
    string Operation,
    string? BatchId,
    string PerformedBy,
    ClientInfo Client,
    AuditStatus Status,
    object? Details = null,
    object? Before = null,
    object? After = null);
