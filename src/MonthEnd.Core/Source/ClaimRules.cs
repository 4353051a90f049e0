using MonthEnd.Core.Accounting;
using MonthEnd.Core.Posting;
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

        var found = new Findings(r.Describe(), violations, SourceKind.Claim);
        if (r.Unreadable is not null)
        {
            found.Add(SourceRule.UnreadableValue, r.Unreadable);
        }

        foreach (var missing in MissingFields(r))
        {
            found.Add(SourceRule.RequiredField, $"{missing} is NULL");
        }

        if (r.Status is { Length: > 0 } s && !rules.ClaimStatuses.Knows(s))
        {
            found.Add(SourceRule.UnknownStatus, $"status '{s}' is not known (posted: {string.Join(", ", rules.ClaimStatuses.Post)})");
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
            found.Add(SourceRule.UnknownClaimType, $"claim_type '{type}' is not known (known: {string.Join(", ", rules.ClaimRoutes.Keys)})");
        }

        if (found.Any)
        {
            return SourceVerdict.Invalid;
        }

        txn = new ClaimTxn(r.ClaimId!.Value, r.ClaimDate!.Value, r.ClaimAmount!.Value, route!);
        return SourceVerdict.Post;
    }

    private static IEnumerable<string> MissingFields(ClaimRecord r)
    {
        if (r.ClaimId is null) yield return "claim_id";
        if (r.PolicyId is null) yield return "policy_id";
        if (r.ClaimDate is null) yield return "claim_date";
        if (string.IsNullOrEmpty(r.ClaimType)) yield return "claim_type";
        if (r.ClaimAmount is null) yield return "claim_amount";
        if (string.IsNullOrEmpty(r.Status)) yield return "status";
    }
}
