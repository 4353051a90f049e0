using MonthEnd.Core.Accounting;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Source;
using MonthEnd.Core.Tests.TestSupport;

namespace MonthEnd.Core.Tests.Posting;

public class ClaimPostingTests
{
    private static readonly PostingEngine Engine = new(TestData.Rules);

    [Theory]
    [InlineData("DEATH", "CLM-TBR", "5101", Fund.Tabarru)]
    [InlineData("HOSPITAL", "CLM-TBR", "5101", Fund.Tabarru)]
    [InlineData("TANAHUD_REFUND", "CLM-TNH", "5201", Fund.Tanahud)]
    public void a_claim_posts_one_entry_with_its_routed_template_and_fund(string claimType, string template, string expense, Fund fund)
    {
        var claim = TestData.PostableClaim(9, 1_234_507, claimType);

        var entry = Engine.PostClaim(claim, 3, SequenceRange.OfCount(1_007, 5));

        entry.JeNumber.ShouldBe(1_010);
        entry.Template.Code.ShouldBe(template);
        entry.ReferenceType.ShouldBe(SourceKind.Claim);
        entry.ReferenceId.ShouldBe(9);
        entry.JeDate.ShouldBe(TestData.Day);
        entry.Lines.ShouldBe(
        [
            new JournalLine(1, expense, fund, new Money(1_234_507), Money.Zero, null),
            new JournalLine(2, "2101", null, Money.Zero, new Money(1_234_507), null),
        ]);
        entry.TotalDebit.ShouldBe(new Money(1_234_507));
    }

    [Fact]
    public void posting_the_same_claim_at_the_same_offset_twice_gives_identical_entries()
    {
        var claim = TestData.PostableClaim(9, 700_000_01);
        var range = SequenceRange.OfCount(10, 10);

        var first = Engine.PostClaim(claim, 4, range);
        var again = Engine.PostClaim(claim, 4, range);

        again.JeNumber.ShouldBe(first.JeNumber);
        again.Lines.ShouldBe(first.Lines);
        again.Template.ShouldBeSameAs(first.Template);
    }

    [Fact]
    public void a_claim_past_the_partitions_range_throws_sequence_exhausted()
    {
        Should.Throw<SequenceExhaustedException>(() => Engine.PostClaim(TestData.PostableClaim(9), 2, SequenceRange.OfCount(1, 2)));
    }

    [Fact]
    public void a_claim_checked_against_another_rule_set_is_refused()
    {
        var otherRules = RuleSetLoader.LoadDefault();
        var claim = new ClaimTxn(9, TestData.Day, new Money(100), otherRules.ClaimRoutes["DEATH"]);

        Should.Throw<InvalidOperationException>(() => Engine.PostClaim(claim, 0, SequenceRange.OfCount(1, 1)));
    }
}
