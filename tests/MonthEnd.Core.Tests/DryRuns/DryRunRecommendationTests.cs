using MonthEnd.Core.DryRuns;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Tests.DryRuns;

public sealed class DryRunRecommendationTests
{
    private static readonly ValidationCheck Pass = new(CheckCode.RecordCount, true, "10", "10", "10 entries");
    private static readonly ValidationCheck Fail = new(CheckCode.FundTotals, false, "TABARRU 1.00", "TABARRU 0.99", "fund totals differ");

    /// <summary>A committed batch of <paramref name="transactions"/> that took <paramref name="minutes"/>.</summary>
    private static DryRunMeasures Committed(decimal minutes, long transactions, params ValidationCheck[] checks) =>
        new(TimeSpan.FromTicks((long)(minutes * TimeSpan.TicksPerMinute)), transactions, true, null, checks.Length == 0 ? [Pass] : checks);

    /// <summary>Transactions that make exactly <paramref name="perSecond"/> a second over <paramref name="minutes"/>.</summary>
    private static long At(decimal perSecond, decimal minutes) => (long)(perSecond * minutes * 60);

    [Fact]
    public void a_fast_committed_batch_with_every_check_passed_is_proceed()
    {
        var advice = DryRunRecommendation.Decide(Committed(15, At(10_000, 15)));

        advice.Verdict.ShouldBe(DryRunVerdict.Proceed);
        advice.Message.ShouldStartWith("PROCEED");
        advice.Reasons.ShouldBeEmpty();
    }

    [Fact]
    public void any_failed_check_is_do_not_proceed_even_when_fast()
    {
        var advice = DryRunRecommendation.Decide(Committed(5, At(50_000, 5), Pass, Fail));

        advice.Verdict.ShouldBe(DryRunVerdict.DoNotProceed);
        advice.Message.ShouldBe("DO NOT PROCEED - Validation failures detected");
        advice.Reasons.ShouldHaveSingleItem().ShouldContain(CheckCode.FundTotals);
    }

    [Fact]
    public void a_refused_pre_flight_is_do_not_proceed_naming_the_refusal()
    {
        var refused = new DryRunMeasures(TimeSpan.FromSeconds(1), 0, false, "pre-flight refused the batch: 3 invalid source records", []);

        var advice = DryRunRecommendation.Decide(refused);

        advice.Verdict.ShouldBe(DryRunVerdict.DoNotProceed);
        advice.Reasons.ShouldHaveSingleItem().ShouldContain("3 invalid source records");
    }

    [Fact]
    public void a_batch_that_did_not_commit_is_do_not_proceed_even_without_a_reason()
    {
        var advice = DryRunRecommendation.Decide(new DryRunMeasures(TimeSpan.FromMinutes(1), 1_000_000, false, null, [Pass]));

        advice.Verdict.ShouldBe(DryRunVerdict.DoNotProceed);
        advice.Reasons.ShouldNotBeEmpty();
    }

    [Fact]
    public void ninety_minutes_exactly_is_no_warning_and_a_tick_more_is()
    {
        var transactions = At(6_000, 90);
        DryRunRecommendation.Decide(Committed(90, transactions)).Verdict.ShouldBe(DryRunVerdict.Proceed);

        var over = new DryRunMeasures(TimeSpan.FromMinutes(90) + TimeSpan.FromTicks(1), transactions * 2, true, null, [Pass]);
        var advice = DryRunRecommendation.Decide(over);

        advice.Verdict.ShouldBe(DryRunVerdict.Warning);
        advice.Message.ShouldBe("WARNING - Batch may exceed 2-hour window. Consider optimization.");
    }

    [Fact]
    public void the_throughput_target_met_exactly_is_no_warning_and_one_transaction_less_is()
    {
        var exact = At(5_556, 10);
        DryRunRecommendation.Decide(Committed(10, exact)).Verdict.ShouldBe(DryRunVerdict.Proceed);

        var advice = DryRunRecommendation.Decide(Committed(10, exact - 1));

        advice.Verdict.ShouldBe(DryRunVerdict.Warning);
        advice.Message.ShouldBe("WARNING - Throughput below target. Monitor closely during production run.");
        advice.Reasons.ShouldHaveSingleItem().ShouldContain("5556");
    }

    [Fact]
    public void slow_and_long_gives_the_window_warning_first_and_both_reasons()
    {
        var advice = DryRunRecommendation.Decide(Committed(100, At(100, 100)));

        advice.Verdict.ShouldBe(DryRunVerdict.Warning);
        advice.Message.ShouldContain("2-hour window");
        advice.Reasons.Count.ShouldBe(2);
    }

    [Fact]
    public void the_timing_figures_follow_the_original_report()
    {
        var measures = Committed(30, At(6_000, 30));

        measures.TotalMinutes.ShouldBe(30m);
        measures.BufferRemainingMinutes.ShouldBe(90m);
        measures.ProjectedProductionMinutes.ShouldBe(33m);
        measures.TransactionsPerSecond.ShouldBe(6_000m);
        measures.MeetsThroughputTarget.ShouldBeTrue();
    }

    [Fact]
    public void a_zero_time_does_not_divide_by_zero()
    {
        var measures = new DryRunMeasures(TimeSpan.Zero, 0, true, null, [Pass]);

        measures.TransactionsPerSecond.ShouldBe(0m);
        DryRunRecommendation.Decide(measures).Verdict.ShouldBe(DryRunVerdict.Warning);
    }

    [Theory]
    [InlineData(DryRunVerdict.Proceed, "PROCEED")]
    [InlineData(DryRunVerdict.Warning, "WARNING")]
    [InlineData(DryRunVerdict.DoNotProceed, "DO NOT PROCEED")]
    public void verdicts_are_worded_as_the_original_and_read_back(DryRunVerdict verdict, string code)
    {
        verdict.Code().ShouldBe(code);
        DryRunVerdicts.Parse(code).ShouldBe(verdict);
    }
}
