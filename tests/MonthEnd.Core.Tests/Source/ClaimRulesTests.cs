using MonthEnd.Core.Accounting;
using MonthEnd.Core.Privacy;
using MonthEnd.Core.Source;
using MonthEnd.Core.Tests.TestSupport;

namespace MonthEnd.Core.Tests.Source;

public class ClaimRulesTests
{
    private static (SourceVerdict Verdict, List<SourceViolation> Violations, ClaimTxn? Txn) Check(ClaimRecord record)
    {
        var violations = new List<SourceViolation>();
        var verdict = ClaimRules.Check(record, TestData.Rules, violations, out var txn);
        return (verdict, violations, txn);
    }

    private static SourceViolation SingleViolation(ClaimRecord record, string rule)
    {
        var (verdict, violations, txn) = Check(record);
        verdict.ShouldBe(SourceVerdict.Invalid);
        txn.ShouldBeNull();
        var violation = violations.ShouldHaveSingleItem();
        violation.Rule.ShouldBe(rule);
        violation.Kind.ShouldBe(MonthEnd.Core.Posting.SourceKind.Claim);
        return violation;
    }

    [Theory]
    [InlineData("DEATH", Fund.Tabarru)]
    [InlineData("DISABILITY", Fund.Tabarru)]
    [InlineData("CRITICAL_ILLNESS", Fund.Tabarru)]
    [InlineData("HOSPITAL", Fund.Tabarru)]
    [InlineData("TANAHUD_REFUND", Fund.Tanahud)]
    public void a_valid_approved_claim_is_posted_through_its_route(string claimType, Fund fund)
    {
        var (verdict, violations, txn) = Check(TestData.Claim(9, 1_234_507, claimType));

        verdict.ShouldBe(SourceVerdict.Post);
        violations.ShouldBeEmpty();
        txn.ShouldNotBeNull();
        txn.ClaimId.ShouldBe(9);
        txn.ClaimDate.ShouldBe(TestData.Day);
        txn.Amount.ShouldBe(new Money(1_234_507));
        txn.Route.ClaimType.ShouldBe(claimType);
        txn.Route.Fund.ShouldBe(fund);
    }

    [Theory]
    [InlineData("SUBMITTED")]
    [InlineData("PENDING")]
    [InlineData("REJECTED")]
    [InlineData("CANCELLED")]
    [InlineData("PAID")]
    public void a_claim_in_a_known_non_posting_status_is_skipped_without_a_violation(string status)
    {
        var (verdict, violations, txn) = Check(TestData.Claim(9, status: status));

        verdict.ShouldBe(SourceVerdict.Skip);
        violations.ShouldBeEmpty();
        txn.ShouldBeNull();
    }

    [Theory]
    [InlineData("claim_id")]
    [InlineData("policy_id")]
    [InlineData("claim_date")]
    [InlineData("claim_type")]
    [InlineData("claim_amount")]
    [InlineData("status")]
    public void each_null_required_field_is_named(string field)
    {
        var valid = TestData.Claim(9);
        var record = field switch
        {
            "claim_id" => valid with { ClaimId = null },
            "policy_id" => valid with { PolicyId = null },
            "claim_date" => valid with { ClaimDate = null },
            "claim_type" => valid with { ClaimType = null },
            "claim_amount" => valid with { ClaimAmount = null },
            "status" => valid with { Status = null },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        SingleViolation(record, "REQUIRED_FIELD").Message.ToString().ShouldContain(field);
    }

    [Fact]
    public void a_violation_names_the_claim_by_claim_id()
    {
        SingleViolation(TestData.Claim(9) with { PolicyId = null }, "REQUIRED_FIELD").Record.ShouldBe("claim claim_id 9");
    }

    [Fact]
    public void a_claim_without_claim_id_is_named_by_its_row()
    {
        var violation = SingleViolation(TestData.Claim(9) with { RowRef = 31, ClaimId = null }, "REQUIRED_FIELD");

        violation.Record.ShouldContain("row 31");
        violation.Record.ShouldContain("claim_id NULL");
    }

    [Fact]
    public void an_unknown_status_is_refused_and_quoted_only_as_personal_text()
    {
        SingleViolation(TestData.Claim(9, status: "OK"), "STATUS_KNOWN").Message.Values.ShouldBe([Classified.Personal("OK")]);
    }

    [Fact]
    public void an_empty_status_is_reported_once_as_a_missing_field()
    {
        SingleViolation(TestData.Claim(9) with { Status = "" }, "REQUIRED_FIELD");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-500_000_000)]
    public void a_claim_amount_that_is_not_positive_is_refused(long amount)
    {
        SingleViolation(TestData.Claim(9, amount), "AMOUNT_POSITIVE").Record.ShouldBe("claim claim_id 9");
    }

    [Fact]
    public void a_claim_above_the_ledgers_largest_amount_is_refused()
    {
        SingleViolation(TestData.Claim(9, Money.MaxLedgerAmount.Minor + 1), "AMOUNT_FITS_LEDGER");
    }

    [Fact]
    public void an_unknown_claim_type_is_refused()
    {
        var message = SingleViolation(TestData.Claim(9, claimType: "ACCIDENT"), "CLAIM_TYPE_KNOWN").Message;

        message.Values.ShouldBe([Classified.Personal("ACCIDENT")]);
        message.ToString().ShouldNotContain("ACCIDENT");
    }

    [Fact]
    public void an_empty_claim_type_is_reported_once_as_a_missing_field()
    {
        SingleViolation(TestData.Claim(9) with { ClaimType = "" }, "REQUIRED_FIELD");
    }

    [Fact]
    public void an_unreadable_value_is_refused_with_the_stores_description()
    {
        SingleViolation(TestData.Claim(9) with { Unreadable = RedactableText.Of($"claim_amount is TEXT") }, "EXACT_VALUE").Message.ToString().ShouldBe("claim_amount is TEXT");
    }
}
