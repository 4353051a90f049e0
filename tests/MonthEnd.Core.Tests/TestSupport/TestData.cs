using MonthEnd.Core.Accounting;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Source;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Tests.TestSupport;

/// <summary>Small, hand-checkable source records and the default rules they are checked against.</summary>
internal static class TestData
{
    public const string Product = "HYBRID-LIFE-001";

    public static readonly DateOnly Day = new(2025, 1, 15);

    public static RuleSet Rules { get; } = RuleSetLoader.LoadDefault();

    public static Money Sen(long minor) => new(minor);

    /// <summary>40% of a premium in sen, half-even, computed with decimal arithmetic (independent of AllocationRule).</summary>
    public static long FortyPercent(long premiumSen) =>
        (long)(Math.Round(premiumSen / 100m * 0.40m, 2, MidpointRounding.ToEven) * 100m);

    /// <summary>A PAID premium of the default product whose fund parts follow its 40/40/20 rule.</summary>
    public static PremiumRecord Premium(long txnId, long premiumSen = 100_000_000, string status = "PAID")
    {
        var part = FortyPercent(premiumSen);
        return new PremiumRecord(
            RowRef: txnId + 1_000,
            TxnId: txnId,
            PolicyId: 77,
            TxnDate: Day,
            PaymentDate: Day,
            PremiumAmount: Sen(premiumSen),
            FundTabarru: Sen(part),
            FundTanahud: Sen(part),
            FundUjroh: Sen(premiumSen - part - part),
            ProductCode: Product,
            PlanCode: "PLAN-A",
            PaymentMethod: "TRANSFER",
            Status: status);
    }

    /// <summary>An APPROVED claim.</summary>
    public static ClaimRecord Claim(long claimId, long amountSen = 500_000_000, string claimType = "DEATH", string status = "APPROVED") =>
        new(RowRef: claimId + 5_000, ClaimId: claimId, PolicyId: 88, ClaimDate: Day, ClaimType: claimType, ClaimAmount: Sen(amountSen), Status: status);

    public static PremiumTxn PostablePremium(long txnId, long premiumSen = 100_000_000)
    {
        var violations = new List<SourceViolation>();
        PremiumRules.Check(Premium(txnId, premiumSen), Rules, violations, out var txn).ShouldBe(SourceVerdict.Post);
        return txn!;
    }

    public static ClaimTxn PostableClaim(long claimId, long amountSen = 500_000_000, string claimType = "DEATH")
    {
        var violations = new List<SourceViolation>();
        ClaimRules.Check(Claim(claimId, amountSen, claimType), Rules, violations, out var txn).ShouldBe(SourceVerdict.Post);
        return txn!;
    }

    /// <summary>Entries' headers as a store would read them back from staging.</summary>
    public static IEnumerable<StagedHeaderRow> StagedHeaders(IEnumerable<JournalEntry> entries) =>
        entries.Select(e => new StagedHeaderRow(e.JeNumber, e.ReferenceType, e.TotalDebit, e.TotalCredit,
            EntryContent.Header(e.JeNumber, e.JeDate, e.Template.JeType, e.ReferenceType.Code(), e.ReferenceId, e.Template.Code, e.Template.Description,
                e.TotalDebit, e.TotalCredit)));

    /// <summary>Entries' lines as a store would read them back from staging, in (entry, line) order.</summary>
    public static IEnumerable<StagedLineRow> StagedLines(IEnumerable<JournalEntry> entries) =>
        entries.SelectMany(e => e.Lines.Select(l => new StagedLineRow(e.JeNumber, l.LineNumber, l.Fund, l.Debit, l.Credit,
            EntryContent.Line(e.JeNumber, l.LineNumber, l.AccountCode, l.Fund, l.Debit, l.Credit, l.Description))));

    /// <summary>Scans premiums then claims through one SourceScan.</summary>
    public static SourceScanResult Scan(
        IEnumerable<PremiumRecord> premiums,
        IEnumerable<ClaimRecord> claims,
        long premiumSliceSize = long.MaxValue,
        long claimSliceSize = long.MaxValue,
        RuleSet? rules = null,
        Action<SourceViolation>? onViolation = null,
        long? firstJeNumber = null)
    {
        using var scan = new SourceScan(rules ?? Rules, premiumSliceSize, claimSliceSize, onViolation, firstJeNumber);
        foreach (var premium in premiums)
        {
            scan.Add(premium);
        }

        foreach (var claim in claims)
        {
            scan.Add(claim);
        }

        return scan.Complete();
    }
}
