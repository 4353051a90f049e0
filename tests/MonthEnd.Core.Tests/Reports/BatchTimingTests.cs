using MonthEnd.Core.Reports;
using MonthEnd.Core.Storage;

namespace MonthEnd.Core.Tests.Reports;

public sealed class BatchTimingTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 31, 23, 0, 0, TimeSpan.Zero);

    [Fact]
    public void each_state_change_starts_a_phase_that_ends_at_the_next_and_a_pause_is_left_out_of_processing()
    {
        var timing = BatchTiming.Of(
        [
            Event(1, "BATCH_CREATED", 0), Event(2, "BATCH_PLANNED", 1), Event(3, "STATUS_RUNNING", 2), Event(4, "LEASE_TAKEN_OVER", 5),
            Event(5, "STATUS_PAUSED", 10), Event(6, "STATUS_RUNNING", 70), Event(7, "STATUS_VALIDATING", 80), Event(8, "STATUS_COMMITTING", 83),
            Event(9, "BATCH_COMMITTED", 85, "900 entries; funds TABARRU 1.00; steps: measure staging + scan source 1.25s, headers 0.50s, lines 0.25s, garbage"),
            Event(10, "STAGING_ARCHIVED", 86),
        ]);

        timing.Phases.Select(p => (p.Phase, p.Time.TotalSeconds)).ShouldBe(
        [
            (BatchTiming.Planned, 2d), (BatchTiming.Staging, 18d), (BatchTiming.Paused, 60d), (BatchTiming.Validation, 3d), (BatchTiming.Commit, 2d),
            (BatchTiming.Archive, 1d),
        ]);
        timing.Total.ShouldBe(TimeSpan.FromSeconds(86));
        timing.Processing.ShouldBe(TimeSpan.FromSeconds(23));
        timing.PerSecond(230).ShouldBe(10m);
        timing.CommitSteps.Select(s => (s.Phase, s.Time.TotalSeconds)).ShouldBe([("measure staging + scan source", 1.25), ("headers", 0.5), ("lines", 0.25)]);
    }

    [Fact]
    public void a_batch_still_planned_has_no_processing_time_and_no_throughput()
    {
        var timing = BatchTiming.Of([Event(1, "BATCH_CREATED", 0)]);

        timing.Phases.ShouldBeEmpty();
        timing.PerSecond(100).ShouldBeNull();
    }

    private static BatchEvent Event(long id, string name, int seconds, string details = "") => new(id, "B", name, T0.AddSeconds(seconds), details);
}
