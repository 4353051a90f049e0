namespace MonthEnd.Operations.Approvals;

public sealed class ApprovalOptions
{
    public const string Section = "Approvals";

    /// <summary>How long a four-eyes request waits for its second pair of eyes.</summary>
    public TimeSpan RequestLifetime { get; set; } = TimeSpan.FromHours(24);
}
