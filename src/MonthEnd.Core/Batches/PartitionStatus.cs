namespace MonthEnd.Core.Batches;

public enum PartitionStatus
{
    Pending,
    Running,
    Completed,
    Failed,
}

public static class PartitionStatuses
{
    public static string Code(this PartitionStatus status) => status.ToString().ToUpperInvariant();

    public static PartitionStatus Parse(string code) => Enum.Parse<PartitionStatus>(code, ignoreCase: true);
}
