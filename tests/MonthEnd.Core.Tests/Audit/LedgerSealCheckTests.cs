using MonthEnd.Core.Accounting;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Validation;
using static MonthEnd.Core.Tests.Audit.SealTestData;

namespace MonthEnd.Core.Tests.Audit;

public class LedgerSealCheckTests
{
    [Fact]
    public void a_ledger_as_the_commit_wrote_it_measures_as_sealed()
    {
        var verification = LedgerSealCheck.Compare(Seal, Tally(AllEntries).Complete());

        verification.Intact.ShouldBeTrue();
        verification.Measured.Ranges.ShouldBe(
        [
            new RangeMeasure(1, 6, 12, Seal.Partitions[0].Content),
            new RangeMeasure(2, 1, 2, Seal.Partitions[1].Content),
        ]);
        verification.Summary().ShouldBe("batch 2025-01-MONTHEND: the ledger is as sealed");
    }

    [Fact]
    public void a_deleted_line_is_counted_and_its_range_named()
    {
        var verification = LedgerSealCheck.Compare(Seal, Tally(AllEntries, keepLine: l => !(l.JeNumber == 1_007 && l.LineNumber == 2)).Complete());

        verification.Problems.Select(p => (p.Kind, p.PartitionNo, p.Message)).ShouldBe(
        [
            (SealProblemKind.LineCount, (int?)2, "partition 2 (JE 1007..1007): 1 line in the ledger, 2 sealed (lines were deleted)"),
            (SealProblemKind.ContentDiffers, (int?)2, "partition 2 (JE 1007..1007): its entries and lines are not the ones sealed"),
        ]);
    }

    [Fact]
    public void a_deleted_entry_is_counted_in_its_range()
    {
        var verification = LedgerSealCheck.Compare(Seal, Tally(AllEntries.Where(e => e.JeNumber != 1_003)).Complete());

        verification.Problems.Select(p => p.Kind).ShouldBe([SealProblemKind.EntryCount, SealProblemKind.LineCount, SealProblemKind.ContentDiffers]);
        verification.Problems[0].Message.ShouldBe("partition 1 (JE 1001..1006): 5 entries in the ledger, 6 sealed (entries were deleted)");
    }

    [Fact]
    public void an_edited_amount_changes_only_its_ranges_content()
    {
        var tally = Tally(AllEntries, keepLine: l => !(l.JeNumber == 1_001 && l.LineNumber == 1));
        tally.Line(1_001, EntryContent.Line(1_001, 1, "1101", null, new Money(1), Money.Zero, null));

        var verification = LedgerSealCheck.Compare(Seal, tally.Complete());

        verification.Problems.ShouldHaveSingleItem().ShouldBe(new SealProblem(SealProblemKind.ContentDiffers, 1, null,
            "partition 1 (JE 1001..1006): its entries and lines are not the ones sealed"));
    }

    [Fact]
    public void entries_of_another_batch_in_the_range_and_of_the_batch_outside_it_are_named()
    {
        var tally = Tally(AllEntries, foreign: 1_004);
        tally.Outside(2, 1_010);

        var verification = LedgerSealCheck.Compare(Seal, tally.Complete());

        verification.Problems.ShouldBe(
        [
            new SealProblem(SealProblemKind.EntryOfAnotherBatch, null, 1_004, "1 entry numbered in the batch's ranges carries another batch's id (first: JE 1004)"),
            new SealProblem(SealProblemKind.EntryOutsideRanges, null, 1_010,
                "2 entries carrying the batch's id are numbered outside its sealed range 1001..1007 (first: JE 1010): inserted"),
        ]);
    }

    [Fact]
    public void the_first_differing_range_is_explained_by_its_source_posted_again_naming_entry_and_column()
    {
        var verification = LedgerSealCheck.Compare(Seal, Tally(AllEntries, keepLine: l => !(l.JeNumber == 1_004 && l.LineNumber == 2)).Complete());
        var partition = LedgerSealCheck.ToExplain(Seal, verification).ShouldNotBeNull();
        var ledger = Entries(1).SelectMany(ContentRow.Of).Where(r => !(r.JeNumber == 1_004 && r.LineNumber == 2));

        var explained = LedgerSealCheck.Explain(verification, partition, Entries(1), ledger);

        partition.PartitionNo.ShouldBe(1);
        var content = explained.Problems.Single(p => p.Kind == SealProblemKind.ContentDiffers);
        content.JeNumber.ShouldBe(1_004);
        content.Message.ShouldBe("partition 1 (JE 1001..1006): its entries and lines are not the ones sealed; "
                                 + "first difference: JE 1004 line 2 is missing from the ledger (the rules make it from PREMIUM 2, template PREM-TBR)");
    }

    [Fact]
    public void an_edited_column_is_named_with_its_value_in_the_ledger()
    {
        var verification = new SealVerification(Seal.BatchId, Tally(AllEntries).Complete(),
            [new SealProblem(SealProblemKind.ContentDiffers, 2, null, "partition 2 (JE 1007..1007): its entries and lines are not the ones sealed")]);
        var ledger = Entries(2).SelectMany(ContentRow.Of).Select(r => r.LineNumber == 1
            ? r with { Values = [.. r.Values.Select(v => v.Column == "debit_amount" ? (v.Column, "1.00") : v)] }
            : r);

        var explained = LedgerSealCheck.Explain(verification, Seal.Partitions[1], Entries(2), ledger);

        explained.Problems.Single().Message.ShouldEndWith("first difference: JE 1007 line 1 (CLAIM 10, template CLM-TBR): debit_amount is in the ledger as '1.00', the rules make '5000000.00'");
    }

    [Fact]
    public void when_the_source_no_longer_makes_the_sealed_content_the_entry_is_not_guessed()
    {
        var verification = LedgerSealCheck.Compare(Seal, Tally(AllEntries.Where(e => e.JeNumber != 1_001)).Complete());

        var explained = LedgerSealCheck.Explain(verification, Seal.Partitions[0], Entries(1).Skip(3).ToList(), []);

        var content = explained.Problems.Single(p => p.Kind == SealProblemKind.ContentDiffers);
        content.JeNumber.ShouldBeNull();
        content.Message.ShouldEndWith("its source records (marked with the batch) no longer make the sealed content either, so the entry cannot be named from them");
    }
}
