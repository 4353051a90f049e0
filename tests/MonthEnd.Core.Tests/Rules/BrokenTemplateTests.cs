using System.Text.Json.Nodes;
using MonthEnd.Core.Rules;

namespace MonthEnd.Core.Tests.Rules;

/// <summary>A rules file whose templates break a load-time rule is refused, naming the template and the rule.</summary>
public class BrokenTemplateTests
{
    private static void ShouldName(RuleSetException error, string template, string rule)
    {
        error.Origin.ShouldBe(RulesFile.Origin);
        error.Problems.ShouldContain(p => p.Rule == rule && p.Where.Contains($"template {template}"),
            $"expected {rule} on template {template}, got: {string.Join(" | ", error.Problems)}");
        error.Message.ShouldContain(rule);
        error.Message.ShouldContain(template);
    }

    [Fact]
    public void an_unbalanced_template_is_refused()
    {
        // Bank is debited the whole premium but only Tabarru's part is credited.
        var error = RulesFile.Refuse(root => RulesFile.Line(root, "PREM-TBR", 1)["amount"] = "PREMIUM_AMOUNT");

        ShouldName(error, "PREM-TBR", "TEMPLATE_BALANCES");
    }

    [Fact]
    public void a_template_with_only_one_side_is_refused()
    {
        var error = RulesFile.Refuse(root => RulesFile.Line(root, "CLM-TNH", 2)["side"] = "DEBIT");

        ShouldName(error, "CLM-TNH", "TEMPLATE_HAS_BOTH_SIDES");
        ShouldName(error, "CLM-TNH", "TEMPLATE_BALANCES");
    }

    [Fact]
    public void an_account_missing_from_the_chart_is_refused()
    {
        var error = RulesFile.Refuse(root => RulesFile.Line(root, "PREM-TNH", 2)["account"] = "4202");

        ShouldName(error, "PREM-TNH", "ACCOUNT_IN_CHART");
        error.Problems.First(p => p.Rule == "ACCOUNT_IN_CHART").Message.ShouldContain("4202");
    }

    [Fact]
    public void an_unknown_fund_on_a_line_is_refused()
    {
        var error = RulesFile.Refuse(root => RulesFile.Line(root, "PREM-TBR", 2)["fund"] = "TABARU");

        ShouldName(error, "PREM-TBR", "FUND_KNOWN");
    }

    [Fact]
    public void an_unknown_fund_on_an_account_is_refused()
    {
        var error = RulesFile.Refuse(root => RulesFile.Account(root, "4301")["fund"] = "WAKALAH");

        error.Problems.ShouldContain(p => p.Rule == "FUND_KNOWN" && p.Where == "account 4301");
    }

    [Fact]
    public void a_line_naming_another_fund_than_its_account_is_refused()
    {
        var error = RulesFile.Refuse(root => RulesFile.Line(root, "CLM-TBR", 1)["fund"] = "TANAHUD");

        ShouldName(error, "CLM-TBR", "LINE_FUND_MATCHES_ACCOUNT");
    }

    [Fact]
    public void a_line_on_a_fund_account_that_names_no_fund_is_refused()
    {
        var error = RulesFile.Refuse(root => RulesFile.Line(root, "PREM-UJR", 2).Remove("fund"));

        ShouldName(error, "PREM-UJR", "LINE_FUND_MATCHES_ACCOUNT");
    }

    [Fact]
    public void a_fund_on_the_bank_line_is_refused()
    {
        var error = RulesFile.Refuse(root => RulesFile.Line(root, "PREM-TBR", 1)["fund"] = "TABARRU");

        ShouldName(error, "PREM-TBR", "LINE_FUND_MATCHES_ACCOUNT");
    }

    [Fact]
    public void an_amount_field_of_the_other_source_is_refused()
    {
        var error = RulesFile.Refuse(root =>
        {
            RulesFile.Line(root, "CLM-TNH", 1)["amount"] = "PREMIUM_AMOUNT";
            RulesFile.Line(root, "CLM-TNH", 2)["amount"] = "PREMIUM_AMOUNT";
        });

        ShouldName(error, "CLM-TNH", "AMOUNT_FIELD_FITS_SOURCE");
    }

    [Fact]
    public void a_premium_template_posting_the_claim_amount_is_refused()
    {
        var error = RulesFile.Refuse(root =>
        {
            RulesFile.Line(root, "PREM-UJR", 1)["amount"] = "CLAIM_AMOUNT";
            RulesFile.Line(root, "PREM-UJR", 2)["amount"] = "CLAIM_AMOUNT";
        });

        ShouldName(error, "PREM-UJR", "AMOUNT_FIELD_FITS_SOURCE");
    }

    [Fact]
    public void an_unknown_amount_field_is_refused()
    {
        var error = RulesFile.Refuse(root => RulesFile.Line(root, "PREM-TBR", 2)["amount"] = "FUND_TABARU");

        ShouldName(error, "PREM-TBR", "AMOUNT_FIELD_KNOWN");
    }

    [Fact]
    public void a_premium_line_on_a_fund_account_posting_another_funds_column_is_refused()
    {
        // Balanced, but Tabarru's income account would move by Tanahud's share.
        var error = RulesFile.Refuse(root =>
        {
            RulesFile.Line(root, "PREM-TBR", 1)["amount"] = "FUND_TANAHUD";
            RulesFile.Line(root, "PREM-TBR", 2)["amount"] = "FUND_TANAHUD";
        });

        ShouldName(error, "PREM-TBR", "PREMIUM_FUND_AMOUNT");
        error.Problems.ShouldNotContain(p => p.Rule == "TEMPLATE_BALANCES");
    }

    [Fact]
    public void a_premium_line_on_a_fund_account_posting_the_whole_premium_is_refused()
    {
        var error = RulesFile.Refuse(root =>
        {
            RulesFile.Line(root, "PREM-UJR", 1)["amount"] = "PREMIUM_AMOUNT";
            RulesFile.Line(root, "PREM-UJR", 2)["amount"] = "PREMIUM_AMOUNT";
        });

        ShouldName(error, "PREM-UJR", "PREMIUM_FUND_AMOUNT");
    }

    [Fact]
    public void a_claim_type_routed_twice_is_refused()
    {
        var error = RulesFile.Refuse(root => RulesFile.Template(root, "CLM-TNH")["claimTypes"]!.AsArray().Add("DEATH"));

        ShouldName(error, "CLM-TNH", "CLAIM_TYPE_ROUTED_ONCE");
        error.Problems.First(p => p.Rule == "CLAIM_TYPE_ROUTED_ONCE").Message.ShouldContain("DEATH");
    }

    [Fact]
    public void a_claim_template_without_claim_types_is_refused()
    {
        var error = RulesFile.Refuse(root => RulesFile.Template(root, "CLM-TNH").Remove("claimTypes"));

        ShouldName(error, "CLM-TNH", "CLAIM_TYPES_PRESENT");
    }

    [Fact]
    public void claim_types_on_a_premium_template_are_refused()
    {
        var error = RulesFile.Refuse(root => RulesFile.Template(root, "PREM-TBR")["claimTypes"] = new JsonArray("DEATH"));

        ShouldName(error, "PREM-TBR", "CLAIM_TYPES_ONLY_ON_CLAIMS");
    }

    [Fact]
    public void a_claim_template_moving_two_funds_is_refused()
    {
        var error = RulesFile.Refuse(root =>
        {
            var credit = RulesFile.Line(root, "CLM-TBR", 2);
            credit["account"] = "5201";
            credit["fund"] = "TANAHUD";
        });

        ShouldName(error, "CLM-TBR", "CLAIM_SINGLE_FUND");
    }

    [Fact]
    public void an_unknown_side_is_refused()
    {
        var error = RulesFile.Refuse(root => RulesFile.Line(root, "PREM-TNH", 1)["side"] = "LEFT");

        ShouldName(error, "PREM-TNH", "SIDE_KNOWN");
    }

    [Fact]
    public void an_unknown_source_is_refused()
    {
        var error = RulesFile.Refuse(root => RulesFile.Template(root, "PREM-TNH")["source"] = "REFUND");

        ShouldName(error, "PREM-TNH", "SOURCE_KNOWN");
    }

    [Fact]
    public void a_duplicate_template_code_is_refused()
    {
        var error = RulesFile.Refuse(root => RulesFile.Template(root, "PREM-TNH")["code"] = "PREM-TBR");

        ShouldName(error, "PREM-TBR", "TEMPLATE_CODE_UNIQUE");
    }

    [Fact]
    public void rules_without_premium_templates_are_refused()
    {
        var error = RulesFile.Refuse(root =>
        {
            var templates = RulesFile.Templates(root);
            foreach (var code in new[] { "PREM-TBR", "PREM-TNH", "PREM-UJR" })
            {
                templates.Remove(RulesFile.Template(root, code));
            }
        });

        error.Problems.ShouldContain(p => p.Rule == "PREMIUM_TEMPLATES_PRESENT");
    }

    [Fact]
    public void rules_without_claim_templates_are_refused()
    {
        var error = RulesFile.Refuse(root =>
        {
            var templates = RulesFile.Templates(root);
            templates.Remove(RulesFile.Template(root, "CLM-TBR"));
            templates.Remove(RulesFile.Template(root, "CLM-TNH"));
        });

        error.Problems.ShouldContain(p => p.Rule == "CLAIM_TEMPLATES_PRESENT");
    }

    [Fact]
    public void every_problem_of_a_file_is_named_at_once()
    {
        var error = RulesFile.Refuse(root =>
        {
            RulesFile.Line(root, "PREM-TBR", 1)["amount"] = "PREMIUM_AMOUNT";
            RulesFile.Line(root, "PREM-TNH", 2)["account"] = "5999";
            RulesFile.Template(root, "CLM-TNH")["claimTypes"]!.AsArray().Add("HOSPITAL");
        });

        ShouldName(error, "PREM-TBR", "TEMPLATE_BALANCES");
        ShouldName(error, "PREM-TNH", "ACCOUNT_IN_CHART");
        ShouldName(error, "CLM-TNH", "CLAIM_TYPE_ROUTED_ONCE");
    }
}
