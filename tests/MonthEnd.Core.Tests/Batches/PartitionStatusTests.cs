using MonthEnd.Core.Batches;

namespace MonthEnd.Core.Tests.Batches;

public class PartitionStatusTests
{
    [Theory]
    [InlineData(PartitionStatus.Pending, "PENDING")]
    [InlineData(PartitionStatus.Running, "RUNNING")]
    [InlineData(PartitionStatus.Completed, "COMPLETED")]
    [InlineData(PartitionStatus.Failed, "FAILED")]
    public void each_partition_status_has_its_code_and_parses_back(PartitionStatus status, string code)
    {
        status.Code().ShouldBe(code);
        PartitionStatuses.Parse(code).ShouldBe(status);
    }

    [Fact]
    public void an_unknown_partition_status_is_refused()
    {
        Should.Throw<FormatException>(() => PartitionStatuses.Parse("DONE"));
    }

    [Fact]
    public void a_number_is_not_a_partition_status()
    {
        Should.Throw<FormatException>(() => PartitionStatuses.Parse("7"));
    }
}
