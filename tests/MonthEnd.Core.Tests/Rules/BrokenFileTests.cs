using System.Text.Json.Nodes;
using MonthEnd.Core.Rules;

namespace MonthEnd.Core.Tests.Rules;

/// <summary>Rules files broken outside the templates: syntax, shape, chart, products, statuses.</summary>
public class BrokenFileTests
{
    [Fact]
    public void malformed_json_is_refused()
    {
        var text = RuleSetLoader.DefaultContent();

        var error = RulesFile.RefuseText(text[..(text.Length / 2)]);

        error.Problems.ShouldHaveSingleItem().Rule.ShouldBe("JSON_WELL_FORMED");
        error.Origin.ShouldBe(RulesFile.Origin);
    }

    [Fact]
    public void a_trailing_comma_is_refused()
    {
        var text = RuleSetLoader.DefaultContent().Replace("\"minorUnits\": 2 }", "\"minorUnits\": 2, }", StringComparison.Ordinal);
        text.ShouldNotBe(RuleSetLoader.DefaultContent());

        RulesFile.RefuseText(text).Problems.ShouldHaveSingleItem().Rule.ShouldBe("JSON_WELL_FORMED");
    }

    [Fact]
    public void an_empty_document_is_refused()
    {
        RulesFile.RefuseText("null").Problems.ShouldHaveSingleItem().Rule.ShouldBe("JSON_WELL_FORMED");
        RulesFile.RefuseText("").Problems.ShouldHaveSingleItem().Rule.ShouldBe("JSON_WELL_FORMED");
    }

    [Fact]
    public void an_unknown_property_is_refused_so_a_misspelt_key_cannot_drop_a_rule()
    {
        var error = RulesFile.Refuse(root => RulesFile.Template(root, "CLM-TNH")["claimType"] = new JsonArray("DEATH"));

        error.Problems.ShouldHaveSingleItem().Rule.ShouldBe("JSON_WELL_FORMED");
        error.Problems[0].Message.ShouldContain("claimType");
    }

    [Fact]
    public void an_unknown_top_level_property_is_refused()
    {
        var error = RulesFile.Refuse(root => root["rounding"] = "HALF_UP");

        error.Problems.ShouldHaveSingleItem().Message.ShouldContain("rounding");
    }

    [Fact]
    public void a_missing_required_property_is_refused()
    {
        var error = RulesFile.Refuse(root => RulesFile.Line(root, "PREM-TBR", 2).Remove("amount"));

        error.Problems.ShouldHaveSingleItem().Rule.ShouldBe("JSON_WELL_FORMED");
    }

    [Fact]
    public void a_version_below_one_is_refused()
    {
        RulesFile.Refuse(root => root["version"] = 0).Problems.ShouldContain(p => p.Rule == "VERSION_POSITIVE");
    }

    [Fact]
    public void a_currency_without_two_minor_units_is_refused()
    {
        RulesFile.Refuse(root => root["currency"]!["minorUnits"] = 0).Problems.ShouldContain(p => p.Rule == "CURRENCY_SCALE");
    }

    [Fact]
    public void an_unknown_account_category_is_refused()
    {
        RulesFile.Refuse(root => RulesFile.Account(root, "2101")["category"] = "DEBT")
            .Problems.ShouldContain(p => p.Rule == "ACCOUNT_CATEGORY_KNOWN" && p.Where == "account 2101");
    }

    [Fact]
    public void a_duplicate_account_code_is_refused()
    {
        var error = RulesFile.Refuse(root =>
            root["chartOfAccounts"]!["accounts"]!.AsArray().Add(RulesFile.Account(root, "1101").DeepClone()));

        error.Problems.ShouldContain(p => p.Rule == "ACCOUNT_CODE_UNIQUE" && p.Where == "account 1101");
    }

    [Fact]
    public void a_duplicate_product_code_is_refused()
    {
        var error = RulesFile.Refuse(root => root["products"]!.AsArray().Add(RulesFile.Product(root).DeepClone()));

        error.Problems.ShouldContain(p => p.Rule == "PRODUCT_CODE_UNIQUE" && p.Where == "product HYBRID-LIFE-001");
    }

    [Fact]
    public void rules_without_products_are_refused()
    {
        RulesFile.Refuse(root => root["products"] = new JsonArray()).Problems.ShouldContain(p => p.Rule == "PRODUCTS_PRESENT");
    }

    [Fact]
    public void an_unknown_rounding_is_refused()
    {
        RulesFile.Refuse(root => RulesFile.Product(root)["rounding"] = "HALF_DOWN")
            .Problems.ShouldContain(p => p.Rule == "ROUNDING_KNOWN" && p.Where == "product HYBRID-LIFE-001");
    }

    [Theory]
    [InlineData(6_000, 5_000)]
    [InlineData(-1, 4_000)]
    [InlineData(4_000, 10_001)]
    public void allocation_rates_over_the_whole_or_negative_are_refused(int tabarru, int tanahud)
    {
        var error = RulesFile.Refuse(root =>
        {
            RulesFile.Product(root)["tabarruBasisPoints"] = tabarru;
            RulesFile.Product(root)["tanahudBasisPoints"] = tanahud;
        });

        error.Problems.ShouldContain(p => p.Rule == "ALLOCATION_RATES_VALID");
    }

    [Fact]
    public void a_product_without_rounding_rounds_half_even_and_half_up_is_honoured()
    {
        var rules = RulesFile.Load(root =>
        {
            RulesFile.Product(root).Remove("rounding");
            var other = RulesFile.Product(root).DeepClone().AsObject();
            other["code"] = "HALF-UP-001";
            other["rounding"] = "HALF_UP";
            root["products"]!.AsArray().Add(other);
        });

        rules.Products["HYBRID-LIFE-001"].Allocation.Rounding.ShouldBe(MonthEnd.Core.Accounting.RoundingMode.HalfEven);
        rules.Products["HALF-UP-001"].Allocation.Rounding.ShouldBe(MonthEnd.Core.Accounting.RoundingMode.HalfUp);
    }

    [Fact]
    public void a_status_both_posted_and_skipped_is_refused()
    {
        var error = RulesFile.Refuse(root => root["premiumStatuses"]!["skip"]!.AsArray().Add("PAID"));

        error.Problems.ShouldContain(p => p.Rule == "STATUS_POSTED_OR_SKIPPED" && p.Where == "premiumStatuses");
    }

    [Fact]
    public void statuses_without_a_posting_status_are_refused()
    {
        var error = RulesFile.Refuse(root => root["claimStatuses"]!["post"] = new JsonArray());

        error.Problems.ShouldContain(p => p.Rule == "POSTING_STATUS_PRESENT" && p.Where == "claimStatuses");
    }

    [Fact]
    public void a_null_account_on_a_template_line_is_refused_as_a_rule_problem()
    {
        RulesFile.Refuse(root => RulesFile.Line(root, "PREM-TBR", 2)["account"] = null).Problems.ShouldNotBeEmpty();
    }

    [Fact]
    public void a_null_account_category_is_refused_as_a_rule_problem()
    {
        RulesFile.Refuse(root => RulesFile.Account(root, "2101")["category"] = null).Problems.ShouldNotBeEmpty();
    }

    [Fact]
    public void a_null_product_code_is_refused_as_a_rule_problem()
    {
        RulesFile.Refuse(root => RulesFile.Product(root)["code"] = null).Problems.ShouldNotBeEmpty();
    }

    [Fact]
    public void a_null_template_list_is_refused_as_a_rule_problem()
    {
        RulesFile.Refuse(root => root["templates"] = null).Problems.ShouldNotBeEmpty();
    }

    [Fact]
    public void a_null_side_is_refused_as_a_rule_problem()
    {
        RulesFile.Refuse(root => RulesFile.Line(root, "PREM-TBR", 1)["side"] = null).Problems.ShouldNotBeEmpty();
    }
}
