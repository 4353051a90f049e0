namespace MonthEnd.Core.Audit;

/// <summary>What is wrong with the trail at the row an <see cref="AuditProblem"/> names.</summary>
public enum AuditProblemKind
{
    /// <summary>The row's MAC is not what the key makes of it: a field was edited, or the row (or the whole chain) was written without the key.</summary>
    MacMismatch,

    /// <summary>Numbers are missing before the row: rows were deleted (or the first rows of the chain).</summary>
    MissingRows,

    /// <summary>The row's number does not follow the previous row's: a row was inserted or renumbered.</summary>
    OutOfSequence,

    /// <summary>The row's previous MAC is not the previous row's MAC: a row before it was replaced, or chains were spliced.</summary>
    BrokenLink,

    /// <summary>The row carries a serialization version this code does not know.</summary>
    UnknownVersion,

    /// <summary>The chain ends before the head kept elsewhere: rows were deleted from its end.</summary>
    MissingEnd,

    /// <summary>The row the kept head names has another MAC: the chain was rewritten up to or past it.</summary>
    HeadDiffers,

    /// <summary>The row's stored values cannot be read as a row at all (the store said why): edited past the table's checks.</summary>
    Unreadable,
}

/// <summary>The first problem found, naming the row (<see cref="AuditId"/>) and saying what it means.</summary>
public sealed record AuditProblem(AuditProblemKind Kind, long AuditId, string Message);

/// <summary>
/// The outcome of walking the trail: how many rows verified before the first problem (all of them
/// when there is none), the chain's last row as read, and the first problem, if any.
/// </summary>
public sealed record AuditVerification(long RowsVerified, AuditHead? Head, AuditProblem? Problem)
{
    public bool Intact => Problem is null;
}
