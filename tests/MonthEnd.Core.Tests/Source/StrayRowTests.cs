using MonthEnd.Core.Posting;
using MonthEnd.Core.Privacy;
using MonthEnd.Core.Source;
using MonthEnd.Core.Tests.TestSupport;

namespace MonthEnd.Core.Tests.Source;

public class StrayRowTests
{
    [Fact]
    public void a_premium_whose_payment_date_is_not_a_date_is_named_with_the_value_it_holds_as_personal_text()
    {
        var violation = new StrayRow(SourceKind.Premium, 12, 901, "PAID", "'2025/01/05' (TEXT)", null).Check(TestData.Rules).ShouldNotBeNull();

        violation.Record.ShouldBe("premium txn_id 901");
        violation.Rule.ShouldBe(SourceRule.UnreadableDate);
        violation.Message.ToString().ShouldStartWith("payment_date holds [redacted], not a date YYYY-MM-DD");
        violation.Message.Values.ShouldBe([Classified.Personal("'2025/01/05' (TEXT)")]);
    }

    [Fact]
    public void a_claim_without_an_id_or_a_date_is_named_by_its_row()
    {
        var violation = new StrayRow(SourceKind.Claim, 7, null, "APPROVED", null, null).Check(TestData.Rules).ShouldNotBeNull();

        violation.Record.ShouldBe("claim row 7 (claim_id NULL)");
        violation.Message.ToString().ShouldStartWith("claim_date is NULL");
    }

    [Fact]
    public void an_id_posted_before_names_the_batch_that_posted_it()
    {
        var violation = new StrayRow(SourceKind.Premium, 44, 5, "PAID", null, "2025-01-MONTHEND").Check(TestData.Rules).ShouldNotBeNull();

        violation.Rule.ShouldBe(SourceRule.AlreadyPosted);
        violation.Message.ToString().ShouldContain("txn_id 5 was already posted by batch 2025-01-MONTHEND");
        violation.Message.ToString().ShouldContain("row 44");
    }

    [Fact]
    public void a_processed_row_without_a_batch_id_is_still_an_earlier_posting()
    {
        var violation = new StrayRow(SourceKind.Claim, 3, 2, null, null, "").Check(TestData.Rules).ShouldNotBeNull();

        violation.Rule.ShouldBe(SourceRule.AlreadyPosted);
        violation.Message.ToString().ShouldContain("no batch_id");
    }

    [Theory]
    [InlineData(SourceKind.Premium, "PENDING")]
    [InlineData(SourceKind.Claim, "REJECTED")]
    public void a_row_in_a_status_that_is_not_posted_is_left_alone(SourceKind kind, string status) =>
        new StrayRow(kind, 1, 1, status, null, null).Check(TestData.Rules).ShouldBeNull();

    [Theory]
    [InlineData("PAYED")]
    [InlineData(null)]
    public void a_row_in_an_unknown_or_missing_status_is_not_left_alone(string? status) =>
        new StrayRow(SourceKind.Premium, 1, 1, status, null, null).Check(TestData.Rules).ShouldNotBeNull();

    [Fact]
    public void the_posted_bounds_span_every_slice_of_a_kind_and_none_for_a_kind_without_any()
    {
        var ranges = PostedIdRanges.Of([
            new SourceSlice(SourceKind.Premium, 10, 19, 0, 10),
            new SourceSlice(SourceKind.Premium, 25, 40, 10, 12),
        ]);

        ranges.Premiums.ShouldBe(new IdBounds(10, 40));
        ranges.Claims.ShouldBeNull();
    }
}
