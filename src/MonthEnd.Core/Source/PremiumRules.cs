using MonthEnd.Core.Accounting;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Privacy;
using MonthEnd.Core.Rules;

namespace MonthEnd.Core.Source;

/// <summary>The rules a premium_transaction row must meet before it may be posted.</summary>
public static class PremiumRules
{
    public static SourceVerdict Check(PremiumRecord r, RuleSet rules, ICollection<SourceViolation> violations, out PremiumTxn? txn)
    {
        txn = null;
        if (r.Status is { } status && rules.PremiumStatuses.Knows(status) && !rules.PremiumStatuses.Posts(status))
        {
            return SourceVerdict.Skip;
        }

        var found = new Findings(r, violations);
        if (r.Unreadable is { } unreadable)
        {
            found.Add(SourceRule.UnreadableValue, unreadable);
        }

        RequireFields(r, found);
        if (r.TxnId is { } id && !SourceIds.InRange(id))
        {
            found.Add(SourceRule.IdInRange, $"txn_id {id} is outside {SourceIds.Min}..{SourceIds.Max} (2^62)");
        }

        if (r.Status is { Length: > 0 } s && !rules.PremiumStatuses.Knows(s))
        {
            found.Add(SourceRule.UnknownStatus, $"status {Classified.Personal(s)} is not known (posted: {Known.List(rules.PremiumStatuses.Post)})");
        }

        CheckAmounts(r, found);
        TakafulProduct? product = null;
        if (r.ProductCode is { Length: > 0 } code && !rules.Products.TryGetValue(code, out product))
        {
            found.Add(SourceRule.UnknownProduct, $"product_code {Classified.Personal(code)} is not a known product (known: {Known.List(rules.Products.Keys)})");
        }

        if (found.Any)
        {
            return SourceVerdict.Invalid;
        }

        var allocation = new FundAllocation(r.FundTabarru!.Value, r.FundTanahud!.Value, r.FundUjroh!.Value);
        var expected = product!.Allocation.Allocate(r.PremiumAmount!.Value);
        if (allocation != expected)
        {
            var rule = product.Allocation;
            found.Add(SourceRule.AllocationRule,
                $"fund parts {allocation.Tabarru}/{allocation.Tanahud}/{allocation.Ujroh} do not follow {new Known(product.Code)}'s " +
                $"{rule.TabarruBasisPoints}/{rule.TanahudBasisPoints}/{rule.UjrohBasisPoints} bp split of {r.PremiumAmount.Value}: " +
                $"expected {expected.Tabarru}/{expected.Tanahud}/{expected.Ujroh}");
            return SourceVerdict.Invalid;
        }

        txn = new PremiumTxn(r.TxnId!.Value, r.PaymentDate!.Value, r.PremiumAmount.Value, allocation, product.Code);
        return SourceVerdict.Post;
    }

    private static void CheckAmounts(PremiumRecord r, Findings found)
    {
        if (r.PremiumAmount is { } premium)
        {
            if (!premium.IsPositive)
            {
                found.Add(SourceRule.AmountPositive, $"premium_amount {premium} is not positive");
            }
            else if (premium > Money.MaxLedgerAmount)
            {
                found.Add(SourceRule.AmountWithinLedgerRange, $"premium_amount {premium} exceeds the ledger's NUMERIC(18,2)");
            }
        }

        CheckPartNotNegative("fund_tabarru", r.FundTabarru, found);
        CheckPartNotNegative("fund_tanahud", r.FundTanahud, found);
        CheckPartNotNegative("fund_ujroh", r.FundUjroh, found);
        if (r is { PremiumAmount: { } p, FundTabarru: { } t, FundTanahud: { } n, FundUjroh: { } u }
            && (Int128)t.Minor + n.Minor + u.Minor != p.Minor)
        {
            found.Add(SourceRule.FundPartsSum, $"fund parts {t} + {n} + {u} do not sum to premium_amount {p}");
        }
    }

    private static void CheckPartNotNegative(string name, Money? part, Findings found)
    {
        if (part is { IsNegative: true } negative)
        {
            found.Add(SourceRule.FundPartNotNegative, $"{new Known(name)} {negative} is negative");
        }
    }

    private static void RequireFields(PremiumRecord r, Findings found)
    {
        found.Require(r.TxnId is not null, "txn_id");
        found.Require(r.PolicyId is not null, "policy_id");
        found.Require(r.TxnDate is not null, "txn_date");
        found.Require(r.PaymentDate is not null, "payment_date");
        found.Require(r.PremiumAmount is not null, "premium_amount");
        found.Require(r.FundTabarru is not null, "fund_tabarru");
        found.Require(r.FundTanahud is not null, "fund_tanahud");
        found.Require(r.FundUjroh is not null, "fund_ujroh");
        found.Require(!string.IsNullOrEmpty(r.ProductCode), "product_code");
        found.Require(!string.IsNullOrEmpty(r.Status), "status");
    }
}
