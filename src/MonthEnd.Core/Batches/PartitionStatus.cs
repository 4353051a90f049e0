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

    public static PartitionStatus Parse(string code) =>
        Enum.GetValues<PartitionStatus>().Where(s => s.Code() == code).Select(s => (PartitionStatus?)s).SingleOrDefault()
        ?? throw new FormatException($"{Text.Shown.Quote(code)} is not a partition status");
}
