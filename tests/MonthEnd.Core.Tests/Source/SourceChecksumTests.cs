using System.Security.Cryptography;
using System.Text;
using MonthEnd.Core.Source;
using MonthEnd.Core.Tests.Rules;
using MonthEnd.Core.Tests.TestSupport;

namespace MonthEnd.Core.Tests.Source;

public class SourceChecksumTests
{
    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static PremiumRecord[] Premiums() => [TestData.Premium(1, 100_000_000), TestData.Premium(2, 123_456_789), TestData.Premium(4, 7)];

    private static ClaimRecord[] Claims() => [TestData.Claim(10, 1_234_507), TestData.Claim(11, 99, "TANAHUD_REFUND")];

    private static string ChecksumOf(IEnumerable<PremiumRecord> premiums, IEnumerable<ClaimRecord> claims) =>
        TestData.Scan(premiums, claims).Checksum;

    [Fact]
    public void the_checksum_is_sha256_over_one_documented_line_per_posted_record()
    {
        PremiumRecord[] premiums = [TestData.Premium(1, 100_000_000), TestData.Premium(2, 123_456_789)];
        ClaimRecord[] claims = [TestData.Claim(10, 1_234_507) with { ClaimDate = new DateOnly(2025, 1, 5) }];

        var expected = Sha256(
            "P:1:2025-01-15:1000000.00:400000.00:400000.00:200000.00:HYBRID-LIFE-001\n" +
            "P:2:2025-01-15:1234567.89:493827.16:493827.16:246913.57:HYBRID-LIFE-001\n" +
            "C:10:2025-01-05:DEATH:12345.07\n");

        ChecksumOf(premiums, claims).ShouldBe(expected);
    }

    [Fact]
    public void the_checksum_of_an_empty_source_is_sha256_of_nothing()
    {
        ChecksumOf([], []).ShouldBe(Sha256(""));
    }

    [Fact]
    public void identical_data_gives_the_identical_checksum()
    {
        ChecksumOf(Premiums(), Claims()).ShouldBe(ChecksumOf(Premiums(), Claims()));
    }

    [Fact]
    public void a_changed_premium_amount_changes_the_checksum()
    {
        var premiums = Premiums();
        premiums[1] = TestData.Premium(2, 123_456_790);

        ChecksumOf(premiums, Claims()).ShouldNotBe(ChecksumOf(Premiums(), Claims()));
    }

    [Fact]
    public void a_changed_payment_date_changes_the_checksum()
    {
        var premiums = Premiums();
        premiums[1] = premiums[1] with { PaymentDate = new DateOnly(2025, 1, 16) };

        ChecksumOf(premiums, Claims()).ShouldNotBe(ChecksumOf(Premiums(), Claims()));
    }

    [Fact]
    public void a_changed_product_changes_the_checksum()
    {
        var rules = RulesFile.WithSecondProduct("HYBRID-LIFE-002");
        var premiums = Premiums();
        premiums[1] = premiums[1] with { ProductCode = "HYBRID-LIFE-002" };

        var changed = TestData.Scan(premiums, Claims(), rules: rules);
        var original = TestData.Scan(Premiums(), Claims(), rules: rules);

        changed.IsValid.ShouldBeTrue();
        changed.Totals.PremiumCount.ShouldBe(original.Totals.PremiumCount);
        changed.Checksum.ShouldNotBe(original.Checksum);
    }

    [Fact]
    public void a_changed_claim_amount_changes_the_checksum()
    {
        var claims = Claims();
        claims[0] = TestData.Claim(10, 1_234_508);

        ChecksumOf(Premiums(), claims).ShouldNotBe(ChecksumOf(Premiums(), Claims()));
    }

    [Fact]
    public void a_changed_claim_date_changes_the_checksum()
    {
        var claims = Claims();
        claims[0] = claims[0] with { ClaimDate = new DateOnly(2025, 1, 31) };

        ChecksumOf(Premiums(), claims).ShouldNotBe(ChecksumOf(Premiums(), Claims()));
    }

    [Fact]
    public void a_changed_claim_type_changes_the_checksum_even_within_the_same_fund()
    {
        var claims = Claims();
        claims[0] = claims[0] with { ClaimType = "HOSPITAL" };

        var changed = TestData.Scan(Premiums(), claims);
        var original = TestData.Scan(Premiums(), Claims());

        changed.Totals.ClaimsBorne[MonthEnd.Core.Accounting.Fund.Tabarru].ShouldBe(original.Totals.ClaimsBorne[MonthEnd.Core.Accounting.Fund.Tabarru]);
        changed.Checksum.ShouldNotBe(original.Checksum);
    }

    [Fact]
    public void a_changed_id_changes_the_checksum()
    {
        var claims = Claims();
        claims[1] = claims[1] with { ClaimId = 12 };

        ChecksumOf(Premiums(), claims).ShouldNotBe(ChecksumOf(Premiums(), Claims()));
    }

    [Fact]
    public void rows_in_a_skipped_status_do_not_change_the_checksum()
    {
        PremiumRecord[] premiums = [Premiums()[0], Premiums()[1], TestData.Premium(3, 55_555, "PENDING"), Premiums()[2]];
        ClaimRecord[] claims = [Claims()[0], Claims()[1], TestData.Claim(12, status: "REJECTED")];

        ChecksumOf(premiums, claims).ShouldBe(ChecksumOf(Premiums(), Claims()));
    }

    [Fact]
    public void fields_posting_does_not_read_do_not_change_the_checksum()
    {
        var premiums = Premiums().Select(p => p with { PolicyId = 1, TxnDate = new DateOnly(2024, 12, 31), PlanCode = "PLAN-Z", PaymentMethod = "CASH" });
        var claims = Claims().Select(c => c with { PolicyId = 2 });

        ChecksumOf(premiums, claims).ShouldBe(ChecksumOf(Premiums(), Claims()));
    }
}
