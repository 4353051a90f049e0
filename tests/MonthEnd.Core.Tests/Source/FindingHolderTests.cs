using MonthEnd.Core.Privacy;
using MonthEnd.Core.Source;
using MonthEnd.Core.Tests.TestSupport;

namespace MonthEnd.Core.Tests.Source;

/// <summary>A finding says whose record it is, classified: hosts show it masked, text made without a redactor not at all.</summary>
public class FindingHolderTests
{
    private static PremiumRecord HoldersPremium(long txnId, string status = "PAID") =>
        TestData.Premium(txnId, status: status) with { AccountNumber = "0123456789", PolicyHolderId = "3174051203850001" };

    private static SourceViolation OnlyViolation(PremiumRecord record)
    {
        var violations = new List<SourceViolation>();
        PremiumRules.Check(record, TestData.Rules, violations, out _);
        return violations.ShouldHaveSingleItem();
    }

    [Fact]
    public void a_finding_names_whose_record_it_is_by_its_holder_and_account_classified_masked()
    {
        var violation = OnlyViolation(HoldersPremium(42, status: "Budi Santoso"));

        violation.PolicyHolderId.ShouldBe(Classified.Masked("3174051203850001"));
        violation.AccountNumber.ShouldBe(Classified.Masked("0123456789"));
        violation.PolicyHolderId!.Value.Redact(TestRedactors.Instance).ShouldBe("************0001");
        violation.Message.Render(TestRedactors.Instance).ShouldNotContain("Budi");
    }

    [Fact]
    public void a_finding_made_into_text_without_a_redactor_shows_neither_the_holder_nor_the_account_nor_the_value()
    {
        var text = OnlyViolation(HoldersPremium(42, status: "budi@example.com")).ToString();

        text.ShouldStartWith("premium txn_id 42: status [redacted] is not known");
        text.ShouldNotContain("0001");
        text.ShouldNotContain("6789");
        text.ShouldNotContain("budi");
    }

    [Fact]
    public void a_record_without_holder_or_account_has_none_in_its_findings()
    {
        var violation = OnlyViolation(TestData.Premium(42, status: "PAYED"));

        violation.PolicyHolderId.ShouldBeNull();
        violation.AccountNumber.ShouldBeNull();
    }

    [Fact]
    public void a_repeated_id_is_named_with_the_holder_of_the_record_that_repeats_it()
    {
        var first = HoldersPremium(42);
        var again = first with { PolicyHolderId = "PH00417752" };

        var scan = SourcePass.Scan([first, again], [], TestData.Rules);

        var duplicate = scan.FirstViolations.ShouldHaveSingleItem();
        duplicate.Rule.ShouldBe(SourceRule.DuplicateId);
        duplicate.PolicyHolderId.ShouldBe(Classified.Masked("PH00417752"));
    }

    [Fact]
    public void a_record_printed_by_mistake_shows_its_name_and_none_of_its_personal_data()
    {
        var premium = HoldersPremium(42);
        var claim = TestData.Claim(9) with { AccountNumber = "0123456789", PolicyHolderId = "3174051203850001" };

        premium.ToString().ShouldBe("premium txn_id 42");
        claim.ToString().ShouldBe("claim claim_id 9");
        $"{premium} {claim}".ShouldNotContain("0001");
    }
}
