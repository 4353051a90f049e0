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
        Should.Throw<ArgumentException>(() => PartitionStatuses.Parse("DONE"));
    }

    [Fact(Skip = "BUG: PartitionStatuses.Parse (src/MonthEnd.Core/Batches/PartitionStatus.cs:15) uses Enum.Parse, which accepts "
                 + "numeric strings: \"7\" parses to the undefined PartitionStatus 7 instead of being refused; match the codes explicitly")]
    public void a_number_is_not_a_partition_status()
    {
        Should.Throw<ArgumentException>(() => PartitionStatuses.Parse("7"));
    }
}
