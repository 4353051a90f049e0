using MonthEnd.Core.Posting;
using MonthEnd.Core.Privacy;

namespace MonthEnd.Core.Source;

/// <summary>
/// One invalid source record and the rule it breaks. <paramref name="Record"/> names it by its id (or
/// row): no personal data. <paramref name="Message"/> keeps any source value it quotes classified, and
/// <see cref="PolicyHolderId"/> and <see cref="AccountNumber"/> say whose record it is, masked: a host
/// shows them through its redactor. <see cref="ToString"/>, for text made without one (a partition's
/// error, a validation check's detail), leaves every classified value out.
/// </summary>
public sealed record SourceViolation(SourceKind Kind, string Record, string Rule, RedactableText Message)
{
    public Classified? PolicyHolderId { get; init; }

    public Classified? AccountNumber { get; init; }

    public static SourceViolation About(PremiumRecord r, string rule, RedactableText message) =>
        new(SourceKind.Premium, r.Describe(), rule, message)
        {
            PolicyHolderId = Classified.MaskedOrNull(r.PolicyHolderId),
            AccountNumber = Classified.MaskedOrNull(r.AccountNumber),
        };

    public static SourceViolation About(ClaimRecord r, string rule, RedactableText message) =>
        new(SourceKind.Claim, r.Describe(), rule, message)
        {
            PolicyHolderId = Classified.MaskedOrNull(r.PolicyHolderId),
            AccountNumber = Classified.MaskedOrNull(r.AccountNumber),
        };

    public override string ToString() => $"{Record}: {Message} (rule {Rule})";
}

/// <summary>The rule codes a source record is checked against.</summary>
public static class SourceRule
{
    public const string RequiredField = "REQUIRED_FIELD";
    public const string UnreadableValue = "EXACT_VALUE";
    public const string UnknownStatus = "STATUS_KNOWN";
    public const string AmountPositive = "AMOUNT_POSITIVE";
    public const string FundPartNotNegative = "FUND_PART_NOT_NEGATIVE";
    public const string FundPartsSum = "FUND_PARTS_SUM_TO_PREMIUM";
    public const string UnknownProduct = "PRODUCT_KNOWN";
    public const string AllocationRule = "ALLOCATION_MATCHES_PRODUCT";
    public const string UnknownClaimType = "CLAIM_TYPE_KNOWN";
    public const string DuplicateId = "ID_UNIQUE";
    public const string AmountWithinLedgerRange = "AMOUNT_FITS_LEDGER";

    /// <summary>An unprocessed row whose payment_date (claim_date) is no calendar date: it belongs to no period.</summary>
    public const string UnreadableDate = "UNREADABLE_DATE";

    /// <summary>An id that an earlier batch already posted (a processed source row holds it).</summary>
    public const string AlreadyPosted = "ID_NOT_POSTED_BEFORE";
    public const string IdInRange = "ID_IN_RANGE";
    public const string TotalWithinLedgerRange = "TOTAL_FITS_LEDGER";
}

/// <summary>
/// The ids a source record may carry: 1 to 2^62. Workers resume "after" a checkpoint id that
/// starts one below a partition's first id, ranges and cursors add one to ids, and stores order
/// and compare ids as 64-bit integers: ids at the type's extremes (0, negatives, -2^63, 2^63-1)
/// would wrap or collide with those sentinels, so they are refused as invalid records instead.
/// </summary>
public static class SourceIds
{
    public const long Min = 1;

    public const long Max = 1L << 62;

    public static bool InRange(long id) => id is >= Min and <= Max;
}
