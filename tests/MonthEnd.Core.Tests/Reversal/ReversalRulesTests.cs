using MonthEnd.Core.Batches;
using MonthEnd.Core.Reversal;
using MonthEnd.Core.Tests.Validation;
using MonthEnd.Core.Validation;
using Shouldly;
using Xunit;

namespace MonthEnd.Core.Tests.Reversal;

public sealed class ReversalRulesTests
{
    private static readonly BatchRecord Committed = Baseline.Create().Batch with { Status = BatchStatus.Committed };
    private static readonly DateOnly InJanuary = new(2025, 1, 31);

    [Fact]
    public void a_committed_month_end_batch_is_reversed_on_a_date_in_an_open_period_from_its_own_on()
    {
        ReversalRules.Refusal(Committed, InJanuary, datePeriodClosed: false, openBatch: null).ShouldBeNull();
        ReversalRules.Refusal(Committed, new DateOnly(2026, 6, 1), false, null).ShouldBeNull();
    }

    [Theory]
    [InlineData(BatchStatus.Reversed, "REVERSED already")]
    [InlineData(BatchStatus.RolledBack, "only a COMMITTED batch")]
    [InlineData(BatchStatus.Validating, "only a COMMITTED batch")]
    public void a_batch_not_committed_or_reversed_already_is_refused(BatchStatus status, string reason) =>
        ReversalRules.Refusal(Committed with { Status = status }, InJanuary, false, null)!.ShouldContain(reason);

    [Fact]
    public void a_reversal_an_early_date_a_closed_period_and_an_open_batch_are_each_refused_for_their_own_reason()
    {
        ReversalRules.Refusal(Committed with { Kind = BatchKind.Reversal }, InJanuary, false, null)!.ShouldContain("a reversal is not reversed");
        ReversalRules.Refusal(Committed, new DateOnly(2024, 12, 31), false, null)!.ShouldContain("before the batch's period");
        ReversalRules.Refusal(Committed, InJanuary, datePeriodClosed: true, null)!.ShouldContain("2025-01 of the reversal date 2025-01-31 is closed");
        ReversalRules.Refusal(Committed, InJanuary, false, "2025-02-MONTHEND")!.ShouldContain("2025-02-MONTHEND is open");
    }

    [Fact]
    public void the_reversal_id_names_the_batch_and_stays_within_the_id_limit()
    {
        ReversalRules.IdFor("2025-01-MONTHEND", 99, 1).ShouldBe("2025-01-MONTHEND-REV");
        ReversalRules.IdFor("2025-01-MONTHEND", 99, 3).ShouldBe("2025-01-MONTHEND-REV3");
        var longest = new string('A', BatchId.MaxLength);
        ReversalRules.IdFor(longest, 1234, 1).ShouldBe("REV-1234");
        BatchId.IsWellFormed(ReversalRules.IdFor(longest, long.MaxValue, 99)).ShouldBeTrue();
    }

    [Fact]
    public void the_mirror_of_a_row_swaps_debit_and_credit_renumbers_redates_and_names_the_entry_reversed()
    {
        ContentRow header = new(5, null, [("je_number", "5"), ("je_date", "2025-01-10"), ("je_type", "PREMIUM"), ("description", "Premium 7"),
            ("total_debit", "10.00"), ("total_credit", "10.00")]);
        ContentRow line = new(5, 2, [("je_id", "5"), ("line_number", "2"), ("account_code", "4101"), ("debit_amount", "0.00"), ("credit_amount", "4.00")]);

        var mirrored = ReversalMirror.Of(header, 100, new DateOnly(2025, 2, 1));
        mirrored.JeNumber.ShouldBe(105);
        mirrored.Values.ShouldBe([("je_number", "105"), ("je_date", "2025-02-01"), ("je_type", "PREMIUM"), ("description", "Reversal of JE 5: Premium 7"),
            ("total_debit", "10.00"), ("total_credit", "10.00")]);
        ReversalMirror.Of(line, 100, new DateOnly(2025, 2, 1)).Values.ShouldBe(
            [("je_id", "105"), ("line_number", "2"), ("account_code", "4101"), ("debit_amount", "4.00"), ("credit_amount", "0.00")]);

        var tampered = new ContentRow(105, 2, [("je_id", "105"), ("line_number", "2"), ("account_code", "4101"), ("debit_amount", "0.00"), ("credit_amount", "4.00")]);
        ReversalMirror.FirstDifference([header, line], [mirrored, tampered], 100, new DateOnly(2025, 2, 1))
            .ShouldBe("JE 105 line 2: debit_amount is staged as '0.00', the mirror of JE 5 makes '4.00'");
        ReversalMirror.FirstDifference([header, line], [mirrored], 100, new DateOnly(2025, 2, 1))!.ShouldContain("JE 105 line 2 is missing");
    }
}

public sealed class CommittedRollbackOfReversalTests
{
    [Fact]
    public void a_committed_reversal_is_not_rolled_back_even_as_the_ledgers_latest_batch()
    {
        var reversal = Baseline.Create().Batch with { Status = BatchStatus.Committed, Kind = BatchKind.Reversal, ReversesBatchId = "2024-12-MONTHEND" };

        Rollback.CommittedRollbackRules.Refusal(reversal, reversal.Sequence.Last, null, periodClosed: false)!
            .ShouldContain("2024-12-MONTHEND REVERSED without its mirror entries");
        Rollback.CommittedRollbackRules.Refusal(reversal with { Kind = BatchKind.MonthEnd }, reversal.Sequence.Last, null, false).ShouldBeNull();
    }
}
