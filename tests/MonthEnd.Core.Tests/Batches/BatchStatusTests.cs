using MonthEnd.Core.Batches;

namespace MonthEnd.Core.Tests.Batches;

public class BatchStatusTests
{
    [Theory]
    [InlineData(BatchStatus.Planned, BatchStatus.Running)]
    [InlineData(BatchStatus.Planned, BatchStatus.Paused)]
    [InlineData(BatchStatus.Planned, BatchStatus.Aborted)]
    [InlineData(BatchStatus.Running, BatchStatus.Paused)]
    [InlineData(BatchStatus.Running, BatchStatus.Validating)]
    [InlineData(BatchStatus.Running, BatchStatus.Failed)]
    [InlineData(BatchStatus.Running, BatchStatus.Aborted)]
    [InlineData(BatchStatus.Paused, BatchStatus.Running)]
    [InlineData(BatchStatus.Paused, BatchStatus.Aborted)]
    [InlineData(BatchStatus.Validating, BatchStatus.Committing)]
    [InlineData(BatchStatus.Validating, BatchStatus.Failed)]
    [InlineData(BatchStatus.Committing, BatchStatus.Committed)]
    [InlineData(BatchStatus.Committing, BatchStatus.Failed)]
    [InlineData(BatchStatus.Failed, BatchStatus.Aborted)]
    [InlineData(BatchStatus.Committed, BatchStatus.RolledBack)]
    public void allowed_moves_are_allowed(BatchStatus from, BatchStatus to)
    {
        BatchStatuses.CanMove(from, to).ShouldBeTrue();
        Should.NotThrow(() => BatchStatuses.EnsureCanMove("2025-01-MONTHEND", from, to));
    }

    [Theory]
    [InlineData(BatchStatus.Planned, BatchStatus.Committed)]
    [InlineData(BatchStatus.Planned, BatchStatus.Validating)]
    [InlineData(BatchStatus.Running, BatchStatus.Committing)] // never commit without validating
    [InlineData(BatchStatus.Running, BatchStatus.Committed)]
    [InlineData(BatchStatus.Paused, BatchStatus.Validating)]
    [InlineData(BatchStatus.Validating, BatchStatus.Committed)]
    [InlineData(BatchStatus.Failed, BatchStatus.Running)]
    [InlineData(BatchStatus.Failed, BatchStatus.Committing)]
    [InlineData(BatchStatus.Committed, BatchStatus.Running)]
    [InlineData(BatchStatus.Committed, BatchStatus.Aborted)]
    [InlineData(BatchStatus.Committed, BatchStatus.Failed)]
    [InlineData(BatchStatus.RolledBack, BatchStatus.Committed)]
    [InlineData(BatchStatus.Aborted, BatchStatus.Running)]
    public void refused_moves_are_refused_naming_the_batch_and_both_statuses(BatchStatus from, BatchStatus to)
    {
        BatchStatuses.CanMove(from, to).ShouldBeFalse();
        var error = Should.Throw<BatchTransitionException>(() => BatchStatuses.EnsureCanMove("2025-01-MONTHEND", from, to));
        error.BatchId.ShouldBe("2025-01-MONTHEND");
        error.From.ShouldBe(from);
        error.To.ShouldBe(to);
        error.Message.ShouldContain("2025-01-MONTHEND");
        error.Message.ShouldContain(from.Code());
    }

    [Fact]
    public void aborting_a_committed_batch_points_to_rollback_instead()
    {
        var error = Should.Throw<BatchTransitionException>(
            () => BatchStatuses.EnsureCanMove("2025-01-MONTHEND", BatchStatus.Committed, BatchStatus.Aborted));
        error.Message.ShouldContain("rolled back");
    }

    [Theory]
    [InlineData(BatchStatus.Aborted)]
    [InlineData(BatchStatus.RolledBack)]
    public void a_final_status_goes_nowhere(BatchStatus final)
    {
        foreach (var to in Enum.GetValues<BatchStatus>())
        {
            BatchStatuses.CanMove(final, to).ShouldBeFalse($"{final} -> {to}");
        }
    }

    [Fact]
    public void no_status_moves_to_itself()
    {
        foreach (var status in Enum.GetValues<BatchStatus>())
        {
            BatchStatuses.CanMove(status, status).ShouldBeFalse(status.ToString());
        }
    }

    [Theory]
    [InlineData(BatchStatus.Planned, true)]
    [InlineData(BatchStatus.Running, true)]
    [InlineData(BatchStatus.Paused, true)]
    [InlineData(BatchStatus.Validating, true)]
    [InlineData(BatchStatus.Committing, true)]
    [InlineData(BatchStatus.Failed, true)] // a failed batch holds its period until it is aborted
    [InlineData(BatchStatus.Committed, false)]
    [InlineData(BatchStatus.Aborted, false)]
    [InlineData(BatchStatus.RolledBack, false)]
    public void open_statuses_hold_the_period(BatchStatus status, bool open)
    {
        status.IsOpen().ShouldBe(open);
    }

    [Theory]
    [InlineData(BatchStatus.Planned, "PLANNED")]
    [InlineData(BatchStatus.Running, "RUNNING")]
    [InlineData(BatchStatus.Paused, "PAUSED")]
    [InlineData(BatchStatus.Validating, "VALIDATING")]
    [InlineData(BatchStatus.Committing, "COMMITTING")]
    [InlineData(BatchStatus.Committed, "COMMITTED")]
    [InlineData(BatchStatus.Failed, "FAILED")]
    [InlineData(BatchStatus.Aborted, "ABORTED")]
    [InlineData(BatchStatus.RolledBack, "ROLLED_BACK")]
    public void each_status_has_its_code_and_parses_back(BatchStatus status, string code)
    {
        status.Code().ShouldBe(code);
        BatchStatuses.Parse(code).ShouldBe(status);
    }

    [Theory]
    [InlineData("planned")]
    [InlineData("RolledBack")]
    [InlineData("ROLLEDBACK")]
    [InlineData("DONE")]
    [InlineData("0")]
    [InlineData("")]
    public void unknown_status_codes_are_refused(string code)
    {
        Should.Throw<FormatException>(() => BatchStatuses.Parse(code));
    }
}
