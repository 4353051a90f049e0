using MonthEnd.Core.Accounting;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Source;

namespace MonthEnd.Core.Generation;

/// <summary>
/// Test data like the original design's generator: PAID premiums of 500,000–5,000,000 IDR split by
/// the product's allocation rule, and APPROVED claims across the claim types, all dated in the
/// period. The same seed gives the same rows. Each row carries its policy's holder id and account
/// number (<see cref="HolderData"/>), which only validate-source's findings show, masked.
/// </summary>
public sealed class SourceDataGenerator(RuleSet rules, int seed)
{
    private static readonly string[] Plans = ["PLAN-A", "PLAN-B", "PLAN-C"];
    private static readonly string[] PaymentMethods = ["TRANSFER", "VIRTUAL_ACCOUNT", "AUTO_DEBIT"];

    public IEnumerable<PremiumRecord> Premiums(Period period, long count, long firstTxnId)
    {
        var random = new Random(seed);
        var product = rules.Products.Values.OrderBy(p => p.Code, StringComparer.Ordinal).First();
        var postStatus = rules.PremiumStatuses.Post[0];
        var days = period.End.Day;
        for (long i = 0; i < count; i++)
        {
            // Whole rupiah like the original; one in ten carries sen so that rounding is exercised.
            var rupiah = random.Next(500_000, 5_000_001);
            var sen = random.Next(10) == 0 ? random.Next(1, 100) : 0;
            var premium = new Money((rupiah * Money.MinorPerMajor) + sen);
            var split = product.Allocation.Allocate(premium);
            var txnDate = period.Start.AddDays(random.Next(days));
            var paymentDate = txnDate.AddDays(Math.Min(random.Next(4), period.End.DayNumber - txnDate.DayNumber));
            var policyId = random.Next(1, 250_001);
            yield return new PremiumRecord(
                RowRef: 0,
                TxnId: firstTxnId + i,
                PolicyId: policyId,
                TxnDate: txnDate,
                PaymentDate: paymentDate,
                PremiumAmount: premium,
                FundTabarru: split.Tabarru,
                FundTanahud: split.Tanahud,
                FundUjroh: split.Ujroh,
                ProductCode: product.Code,
                PlanCode: Plans[random.Next(Plans.Length)],
                PaymentMethod: PaymentMethods[random.Next(PaymentMethods.Length)],
                Status: postStatus,
                AccountNumber: HolderData.AccountNumber(seed, policyId),
                PolicyHolderId: HolderData.PolicyHolderId(seed, policyId));
        }
    }

    public IEnumerable<ClaimRecord> Claims(Period period, long count, long firstClaimId)
    {
        var random = new Random(unchecked(seed * 31 + 7));
        var claimTypes = rules.ClaimRoutes.Keys.Order(StringComparer.Ordinal).ToArray();
        var postStatus = rules.ClaimStatuses.Post[0];
        var days = period.End.Day;
        for (long i = 0; i < count; i++)
        {
            var amount = new Money((random.Next(1_000_000, 50_000_001) * Money.MinorPerMajor) + random.Next(100));
            var policyId = random.Next(1, 250_001);
            yield return new ClaimRecord(
                RowRef: 0,
                ClaimId: firstClaimId + i,
                PolicyId: policyId,
                ClaimDate: period.Start.AddDays(random.Next(days)),
                ClaimType: claimTypes[random.Next(claimTypes.Length)],
                ClaimAmount: amount,
                Status: postStatus,
                AccountNumber: HolderData.AccountNumber(seed, policyId),
                PolicyHolderId: HolderData.PolicyHolderId(seed, policyId));
        }
    }
}
