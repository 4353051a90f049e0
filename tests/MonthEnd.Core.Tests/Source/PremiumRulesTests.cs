using MonthEnd.Core.Accounting;
using MonthEnd.Core.Privacy;
using MonthEnd.Core.Source;
using MonthEnd.Core.Tests.TestSupport;

namespace MonthEnd.Core.Tests.Source;

public class PremiumRulesTests
{
    private static (SourceVerdict Verdict, List<SourceViolation> Violations, PremiumTxn? Txn) Check(PremiumRecord record)
    {
        var violations = new List<SourceViolation>();
        var verdict = PremiumRules.Check(record, TestData.Rules, violations, out var txn);
        return (verdict, violations, txn);
    }

    private static SourceViolation SingleViolation(PremiumRecord record, string rule)
    {
        var (verdict, violations, txn) = Check(record);
        verdict.ShouldBe(SourceVerdict.Invalid);
        txn.ShouldBeNull();
        var violation = violations.ShouldHaveSingleItem();
        violation.Rule.ShouldBe(rule);
        violation.Kind.ShouldBe(MonthEnd.Core.Posting.SourceKind.Premium);
        return violation;
    }

    [Fact]
    public void a_valid_paid_premium_is_posted_with_its_allocation()
    {
        var (verdict, violations, txn) = Check(TestData.Premium(42, 123_456_789));

        verdict.ShouldBe(SourceVerdict.Post);
        violations.ShouldBeEmpty();
        txn.ShouldBe(new PremiumTxn(42, TestData.Day, new Money(123_456_789),
            new FundAllocation(new Money(49_382_716), new Money(49_382_716), new Money(24_691_357)), TestData.Product));
    }

    [Theory]
    [InlineData("PENDING")]
    [InlineData("CANCELLED")]
    [InlineData("FAILED")]
    [InlineData("REFUNDED")]
    public void a_premium_in_a_known_non_posting_status_is_skipped_without_a_violation(string status)
    {
        var (verdict, violations, txn) = Check(TestData.Premium(42, status: status));

        verdict.ShouldBe(SourceVerdict.Skip);
        violations.ShouldBeEmpty();
        txn.ShouldBeNull();
    }

    [Fact]
    public void a_skipped_premium_is_not_checked_further()
    {
        var (verdict, violations, _) = Check(TestData.Premium(42, status: "PENDING") with { PremiumAmount = null, ProductCode = "NOPE" });

        verdict.ShouldBe(SourceVerdict.Skip);
        violations.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("txn_id")]
    [InlineData("policy_id")]
    [InlineData("txn_date")]
    [InlineData("payment_date")]
    [InlineData("premium_amount")]
    [InlineData("fund_tabarru")]
    [InlineData("fund_tanahud")]
    [InlineData("fund_ujroh")]
    [InlineData("product_code")]
    [InlineData("status")]
    public void each_null_required_field_is_named(string field)
    {
        var valid = TestData.Premium(42);
        var record = field switch
        {
            "txn_id" => valid with { TxnId = null },
            "policy_id" => valid with { PolicyId = null },
            "txn_date" => valid with { TxnDate = null },
            "payment_date" => valid with { PaymentDate = null },
            "premium_amount" => valid with { PremiumAmount = null },
            "fund_tabarru" => valid with { FundTabarru = null },
            "fund_tanahud" => valid with { FundTanahud = null },
            "fund_ujroh" => valid with { FundUjroh = null },
            "product_code" => valid with { ProductCode = null },
            "status" => valid with { Status = null },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        var violation = SingleViolation(record, "REQUIRED_FIELD");

        violation.Message.ToString().ShouldContain(field);
    }

    [Fact]
    public void a_violation_names_the_premium_by_txn_id()
    {
        var violation = SingleViolation(TestData.Premium(42) with { PolicyId = null }, "REQUIRED_FIELD");

        violation.Record.ShouldBe("premium txn_id 42");
        violation.ToString().ShouldContain("premium txn_id 42");
        violation.ToString().ShouldContain("REQUIRED_FIELD");
    }

    [Fact]
    public void a_premium_without_txn_id_is_named_by_its_row()
    {
        var violation = SingleViolation(TestData.Premium(42) with { RowRef = 977, TxnId = null }, "REQUIRED_FIELD");

        violation.Record.ShouldContain("row 977");
        violation.Record.ShouldContain("txn_id NULL");
    }

    [Fact]
    public void an_unknown_status_is_refused_and_quoted_only_as_personal_text()
    {
        var violation = SingleViolation(TestData.Premium(42, status: "paid"), "STATUS_KNOWN");

        violation.Message.Values.ShouldBe([Classified.Personal("paid")]);
        violation.Message.ToString().ShouldStartWith("status [redacted] is not known (posted: PAID)");
        violation.Record.ShouldBe("premium txn_id 42");
    }

    [Fact]
    public void a_zero_premium_is_refused()
    {
        var record = TestData.Premium(42) with
        {
            PremiumAmount = Money.Zero, FundTabarru = Money.Zero, FundTanahud = Money.Zero, FundUjroh = Money.Zero,
        };

        SingleViolation(record, "AMOUNT_POSITIVE").Record.ShouldBe("premium txn_id 42");
    }

    [Fact]
    public void a_negative_premium_is_refused()
    {
        var record = TestData.Premium(42) with
        {
            PremiumAmount = new Money(-100), FundTabarru = Money.Zero, FundTanahud = Money.Zero, FundUjroh = new Money(-100),
        };

        var (verdict, violations, _) = Check(record);

        verdict.ShouldBe(SourceVerdict.Invalid);
        violations.Select(v => v.Rule).ShouldBe(["AMOUNT_POSITIVE", "FUND_PART_NOT_NEGATIVE"], ignoreOrder: true);
        violations.ShouldAllBe(v => v.Record == "premium txn_id 42");
    }

    [Fact]
    public void a_negative_fund_part_is_refused_even_when_the_parts_sum_to_the_premium()
    {
        var record = TestData.Premium(42, 1_000) with { FundTabarru = new Money(500), FundTanahud = new Money(600), FundUjroh = new Money(-100) };

        var violation = SingleViolation(record, "FUND_PART_NOT_NEGATIVE");

        violation.Message.ToString().ShouldContain("fund_ujroh");
    }

    [Fact]
    public void fund_parts_that_do_not_sum_to_the_premium_are_refused()
    {
        var record = TestData.Premium(42, 100_000_000) with { FundUjroh = new Money(20_000_001) };

        SingleViolation(record, "FUND_PARTS_SUM_TO_PREMIUM").Record.ShouldBe("premium txn_id 42");
    }

    [Fact]
    public void fund_parts_whose_sum_overflows_are_refused_not_wrapped()
    {
        var record = TestData.Premium(42, 100) with
        {
            FundTabarru = new Money(long.MaxValue), FundTanahud = new Money(long.MaxValue), FundUjroh = new Money(2),
        };

        var (verdict, violations, _) = Check(record);

        verdict.ShouldBe(SourceVerdict.Invalid);
        violations.ShouldContain(v => v.Rule == "FUND_PARTS_SUM_TO_PREMIUM");
    }

    [Fact]
    public void an_unknown_product_is_refused()
    {
        var violation = SingleViolation(TestData.Premium(42) with { ProductCode = "HYBRID-LIFE-999" }, "PRODUCT_KNOWN");

        violation.Message.Values.ShouldBe([Classified.Personal("HYBRID-LIFE-999")]);
        violation.Message.ToString().ShouldContain($"known: {TestData.Product}");
    }

    [Fact]
    public void parts_that_sum_to_the_premium_but_not_by_the_products_split_are_refused()
    {
        // 1,000,000.00 split 50/30/20 instead of 40/40/20.
        var record = TestData.Premium(42, 100_000_000) with
        {
            FundTabarru = new Money(50_000_000), FundTanahud = new Money(30_000_000), FundUjroh = new Money(20_000_000),
        };

        var violation = SingleViolation(record, "ALLOCATION_MATCHES_PRODUCT");

        violation.Message.ToString().ShouldContain(TestData.Product);
    }

    [Fact]
    public void parts_rounded_half_up_instead_of_the_products_half_even_are_refused_when_they_differ()
    {
        // 1,234,567.89: Tabarru rounded down to 493,827.15 with Ujroh taking the sen: sums right, splits wrong.
        var record = TestData.Premium(42, 123_456_789) with
        {
            FundTabarru = new Money(49_382_715), FundTanahud = new Money(49_382_716), FundUjroh = new Money(24_691_358),
        };

        SingleViolation(record, "ALLOCATION_MATCHES_PRODUCT");
    }

    [Fact]
    public void an_unreadable_value_is_refused_with_the_stores_description()
    {
        var violation = SingleViolation(TestData.Premium(42) with { Unreadable = RedactableText.Of($"premium_amount is REAL 1000.5") }, "EXACT_VALUE");

        violation.Message.ToString().ShouldBe("premium_amount is REAL 1000.5");
    }

    [Fact]
    public void a_premium_above_the_ledgers_largest_amount_is_refused()
    {
        var premium = Money.MaxLedgerAmount.Minor + 1;
        var record = TestData.Premium(42) with
        {
            PremiumAmount = new Money(premium), FundTabarru = Money.Zero, FundTanahud = Money.Zero, FundUjroh = new Money(premium),
        };

        var (verdict, violations, _) = Check(record);

        verdict.ShouldBe(SourceVerdict.Invalid);
        violations.ShouldContain(v => v.Rule == "AMOUNT_FITS_LEDGER");
    }

    [Fact]
    public void every_broken_rule_of_a_record_is_reported_at_once()
    {
        var record = TestData.Premium(42) with { PolicyId = null, Status = "UNKNOWN", ProductCode = "NOPE", FundTabarru = new Money(-1) };

        var (verdict, violations, _) = Check(record);

        verdict.ShouldBe(SourceVerdict.Invalid);
        violations.Select(v => v.Rule).ShouldBe(
            ["REQUIRED_FIELD", "STATUS_KNOWN", "FUND_PART_NOT_NEGATIVE", "FUND_PARTS_SUM_TO_PREMIUM", "PRODUCT_KNOWN"], ignoreOrder: true);
    }

    [Fact]
    public void an_empty_status_is_reported_once_as_a_missing_field()
    {
        SingleViolation(TestData.Premium(42) with { Status = "" }, "REQUIRED_FIELD");
    }
}
