namespace MonthEnd.Core.Source;

/// <summary>What the month-end does with a source record of its period.</summary>
public enum SourceVerdict
{
    /// <summary>Valid and in a posting status: it becomes journal entries.</summary>
    Post,

    /// <summary>In a known status that is not posted (e.g. PENDING): left alone.</summary>
    Skip,

    /// <summary>Breaks a rule: the batch is refused until it is fixed.</summary>
    Invalid,
}
