using MonthEnd.Core.Accounting;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Privacy;
using MonthEnd.Core.Rules;

namespace MonthEnd.Core.Source;

/// <summary>The rules a claims_transaction row must meet before it may be posted.</summary>
public static class ClaimRules
{
    public static SourceVerdict Check(ClaimRecord r, RuleSet rules, ICollection<SourceViolation> violations, out ClaimTxn? txn)
    {
        txn = null;
        if (r.Status is { } status && rules.ClaimStatuses.Knows(status) && !rules.ClaimStatuses.Posts(status))
        {
            return SourceVerdict.Skip;
        }

        var found = new Findings(r, violations);
        if (r.Unreadable is { } unreadable)
        {
            found.Add(SourceRule.UnreadableValue, unreadable);
        }

        RequireFields(r, found);
        if (r.ClaimId is { } id && !SourceIds.InRange(id))
        {
            found.Add(SourceRule.IdInRange, $"claim_id {id} is outside {SourceIds.Min}..{SourceIds.Max} (2^62)");
        }

        if (r.Status is { Length: > 0 } s && !rules.ClaimStatuses.Knows(s))
        {
            found.Add(SourceRule.UnknownStatus, $"status {Classified.Personal(s)} is not known (posted: {Known.List(rules.ClaimStatuses.Post)})");
        }

        if (r.ClaimAmount is { } amount)
        {
            if (!amount.IsPositive)
            {
                found.Add(SourceRule.AmountPositive, $"claim_amount {amount} is not positive");
            }
            else if (amount > Money.MaxLedgerAmount)
            {
                found.Add(SourceRule.AmountWithinLedgerRange, $"claim_amount {amount} exceeds the ledger's NUMERIC(18,2)");
            }
        }

        ClaimRoute? route = null;
        if (r.ClaimType is { Length: > 0 } type && !rules.ClaimRoutes.TryGetValue(type, out route))
        {
            found.Add(SourceRule.UnknownClaimType, $"claim_type {Classified.Personal(type)} is not known (known: {Known.List(rules.ClaimRoutes.Keys)})");
        }

        if (found.Any)
        {
            return SourceVerdict.Invalid;
        }

        txn = new ClaimTxn(r.ClaimId!.Value, r.ClaimDate!.Value, r.ClaimAmount!.Value, route!);
        return SourceVerdict.Post;
    }

    private static void RequireFields(ClaimRecord r, Findings found)
    {
        found.Require(r.ClaimId is not null, "claim_id");
        found.Require(r.PolicyId is not null, "policy_id");
        found.Require(r.ClaimDate is not null, "claim_date");
        found.Require(!string.IsNullOrEmpty(r.ClaimType), "claim_type");
        found.Require(r.ClaimAmount is not null, "claim_amount");
        found.Require(!string.IsNullOrEmpty(r.Status), "status");
    }
}
