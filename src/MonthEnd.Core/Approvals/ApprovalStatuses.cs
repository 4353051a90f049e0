namespace MonthEnd.Core.Approvals;

/// <summary>The statuses as the stores spell them: PENDING, APPROVED, …</summary>
public static class ApprovalStatuses
{
    private static readonly Dictionary<string, ApprovalStatus> ByCode =
        Enum.GetValues<ApprovalStatus>().ToDictionary(Code, s => s, StringComparer.Ordinal);

    public static string Code(this ApprovalStatus status) => status.ToString().ToUpperInvariant();

    public static ApprovalStatus Parse(string code) =>
        ByCode.TryGetValue(code, out var status) ? status : throw new ArgumentException($"unknown approval status '{code}'", nameof(code));

    /// <summary>What an APPROVED request can become once its operation ran.</summary>
    public static bool IsCompletion(this ApprovalStatus status) => status is ApprovalStatus.Executed or ApprovalStatus.Failed;
}
