using System.Security.Cryptography;
using System.Text;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Rules;

namespace MonthEnd.Core.Tests.Rules;

public class DefaultRuleSetTests
{
    private static readonly RuleSet Rules = RuleSetLoader.LoadDefault();

    [Fact]
    public void the_default_rules_hold_the_five_templates_of_the_design()
    {
        Rules.Templates.Select(t => t.Code).ShouldBe(["PREM-TBR", "PREM-TNH", "PREM-UJR", "CLM-TBR", "CLM-TNH"]);
    }

    [Fact]
    public void premiums_are_posted_by_three_templates_in_fund_order()
    {
        Rules.PremiumTemplates.Select(t => t.Code).ShouldBe(["PREM-TBR", "PREM-TNH", "PREM-UJR"]);
        Rules.PremiumTemplates.ShouldAllBe(t => t.Source == SourceKind.Premium);
        Rules.LinesPerPremium.ShouldBe(6);
    }

    [Theory]
    [InlineData("PREM-TBR", "4101", Fund.Tabarru, AmountField.FundTabarru)]
    [InlineData("PREM-TNH", "4201", Fund.Tanahud, AmountField.FundTanahud)]
    [InlineData("PREM-UJR", "4301", Fund.Ujroh, AmountField.FundUjroh)]
    public void each_premium_template_debits_bank_and_credits_its_fund_income(string code, string credit, Fund fund, AmountField amount)
    {
        var template = Rules.Templates.Single(t => t.Code == code);

        template.Lines.Count.ShouldBe(2);
        template.Lines[0].Side.ShouldBe(EntrySide.Debit);
        template.Lines[0].Account.Code.ShouldBe("1101");
        template.Lines[0].Fund.ShouldBeNull();
        template.Lines[0].Amount.ShouldBe(amount);
        template.Lines[1].Side.ShouldBe(EntrySide.Credit);
        template.Lines[1].Account.Code.ShouldBe(credit);
        template.Lines[1].Fund.ShouldBe(fund);
        template.Lines[1].Amount.ShouldBe(amount);
        template.FundsMoved.ShouldBe([fund]);
    }

    [Theory]
    [InlineData("DEATH", "CLM-TBR", Fund.Tabarru, "5101")]
    [InlineData("DISABILITY", "CLM-TBR", Fund.Tabarru, "5101")]
    [InlineData("CRITICAL_ILLNESS", "CLM-TBR", Fund.Tabarru, "5101")]
    [InlineData("HOSPITAL", "CLM-TBR", Fund.Tabarru, "5101")]
    [InlineData("TANAHUD_REFUND", "CLM-TNH", Fund.Tanahud, "5201")]
    public void each_claim_type_is_routed_to_the_fund_that_bears_it(string claimType, string template, Fund fund, string expenseAccount)
    {
        var route = Rules.ClaimRoutes[claimType];

        route.ClaimType.ShouldBe(claimType);
        route.Template.Code.ShouldBe(template);
        route.Fund.ShouldBe(fund);
        route.Template.Lines.Select(l => (l.Side, l.Account.Code, l.Amount)).ShouldBe(
            [(EntrySide.Debit, expenseAccount, AmountField.ClaimAmount), (EntrySide.Credit, "2101", AmountField.ClaimAmount)]);
    }

    [Fact]
    public void only_the_five_claim_types_are_routed()
    {
        Rules.ClaimRoutes.Keys.Order(StringComparer.Ordinal)
            .ShouldBe(["CRITICAL_ILLNESS", "DEATH", "DISABILITY", "HOSPITAL", "TANAHUD_REFUND"]);
    }

    [Fact]
    public void the_chart_is_version_one_with_the_seven_accounts_and_their_funds()
    {
        Rules.Chart.Version.ShouldBe(1);
        Rules.Chart.Accounts.Select(a => (a.Code, a.Fund)).OrderBy(a => a.Code, StringComparer.Ordinal).ShouldBe(
        [
            ("1101", (Fund?)null), ("2101", null), ("4101", Fund.Tabarru), ("4201", Fund.Tanahud),
            ("4301", Fund.Ujroh), ("5101", Fund.Tabarru), ("5201", Fund.Tanahud),
        ]);
        Rules.Chart["1101"].Category.ShouldBe(AccountCategory.Asset);
        Rules.Chart["2101"].Category.ShouldBe(AccountCategory.Liability);
        Rules.Chart["4301"].Category.ShouldBe(AccountCategory.Income);
        Rules.Chart["5201"].Category.ShouldBe(AccountCategory.Expense);
        Rules.Chart.TryGet("9999", out _).ShouldBeFalse();
    }

    [Fact]
    public void the_default_product_splits_40_40_20_half_even()
    {
        var product = Rules.Products.ShouldHaveSingleItem().Value;

        product.Code.ShouldBe("HYBRID-LIFE-001");
        product.Allocation.ShouldBe(new AllocationRule(4_000, 4_000, RoundingMode.HalfEven));
    }

    [Fact]
    public void paid_premiums_and_approved_claims_are_posted_and_other_known_statuses_skipped()
    {
        Rules.PremiumStatuses.Post.ShouldBe(["PAID"]);
        Rules.PremiumStatuses.Skip.ShouldBe(["PENDING", "CANCELLED", "FAILED", "REFUNDED"]);
        Rules.ClaimStatuses.Post.ShouldBe(["APPROVED"]);
        Rules.ClaimStatuses.Skip.ShouldBe(["SUBMITTED", "PENDING", "REJECTED", "CANCELLED", "PAID"]);
        Rules.PremiumStatuses.Posts("PAID").ShouldBeTrue();
        Rules.PremiumStatuses.Posts("PENDING").ShouldBeFalse();
        Rules.PremiumStatuses.Knows("PENDING").ShouldBeTrue();
        Rules.PremiumStatuses.Knows("paid").ShouldBeFalse();
    }

    [Fact]
    public void the_rule_set_keeps_its_content_and_its_sha256()
    {
        var content = RuleSetLoader.DefaultContent();

        Rules.Version.ShouldBe(1);
        Rules.Content.ShouldBe(content);
        Rules.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content))));
    }

    [Fact]
    public void the_origin_is_only_a_label_the_same_text_loads_the_same_rules()
    {
        var parsed = RuleSetLoader.Parse(RuleSetLoader.DefaultContent(), "elsewhere");

        parsed.Sha256.ShouldBe(Rules.Sha256);
        parsed.Templates.Select(t => t.Code).ShouldBe(Rules.Templates.Select(t => t.Code));
    }

    [Fact]
    public void the_default_text_edited_through_json_nodes_without_change_still_loads()
    {
        // Guards the broken-file tests: their edits go through the same round trip.
        var rules = RulesFile.Load(_ => { });

        rules.Templates.Count.ShouldBe(5);
    }

    [Fact]
    public void a_missing_rules_file_is_refused_as_unreadable()
    {
        var path = Path.Combine(Path.GetTempPath(), $"monthend-no-such-rules-{Guid.NewGuid():N}.json");

        var error = Should.Throw<RuleSetException>(() => RuleSetLoader.LoadFile(path));

        error.Origin.ShouldBe(path);
        error.Problems.ShouldHaveSingleItem().Rule.ShouldBe("FILE_READABLE");
    }
}
