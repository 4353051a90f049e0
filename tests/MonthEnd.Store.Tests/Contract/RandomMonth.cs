using System.Globalization;
using CsCheck;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Source;

namespace MonthEnd.Store.Tests.Contract;

/// <summary>What is wrong with a generated record (in the batch's period; rows outside it are left whole).</summary>
public enum Flaw
{
    None,
    NullId,
    DuplicateId,
    NullAmount,
    NegativeAmount,
    SplitOffBySen,
    UnknownProduct,
    UnknownStatus,
    UnknownClaimType,
    NoDate,
    PostedBefore,
    ExtremeId,
}

/// <summary>Where a well-formed record stands: posted in January, or valid but left alone.</summary>
public enum Aside
{
    InPeriod,
    NotPosted,
    NextPeriod,
}

/// <summary>A hand edit to the first staged entry of partition 1, between staging and commit.</summary>
public sealed record StagingEdit(string Name, string Sql);

/// <summary>A record that must be named by the refusal: its id (null when the id is what is missing) and how the product names it.</summary>
public sealed record BrokenRecord(long? Id, string Name);

/// <summary>One ledger line with its entry, amounts in sen: how the oracle reads the ledger back, and what it expects.</summary>
public sealed record LedgerLine(
    long JeNumber, string JeDate, string ReferenceType, long ReferenceId, string TemplateCode, long LineNumber, string AccountCode, string? Fund,
    long Debit, long Credit)
{
    public static async Task<IReadOnlyList<LedgerLine>> ReadAsync(IStoreTarget target) =>
        [.. (await target.RowsAsync(Sql(target))).Select(r => new LedgerLine(
            Convert.ToInt64(r[0], CultureInfo.InvariantCulture), Convert.ToString(r[1], CultureInfo.InvariantCulture)!, (string)r[2]!,
            Convert.ToInt64(r[3], CultureInfo.InvariantCulture), (string)r[4]!, Convert.ToInt64(r[5], CultureInfo.InvariantCulture), (string)r[6]!,
            (string?)r[7], Convert.ToInt64(r[8], CultureInfo.InvariantCulture), Convert.ToInt64(r[9], CultureInfo.InvariantCulture)))];

    private static string Sql(IStoreTarget target) => $"""
        SELECT h.je_number, CAST(h.je_date AS TEXT), h.reference_type, h.reference_id, h.template_code, CAST(l.line_number AS BIGINT),
               l.account_code, l.fund_type, {target.InSen("l.debit_amount")}, {target.InSen("l.credit_amount")}
        FROM journal_entry_header h JOIN journal_entry_line l ON l.je_id = h.je_id
        ORDER BY h.je_number, l.line_number
        """;
}

public sealed record GeneratedPremium(PremiumRecord Record, Flaw Flaw, Aside Aside);

public sealed record GeneratedClaim(ClaimRecord Record, Flaw Flaw, Aside Aside);

/// <summary>
/// A generated January (and a little of February): the records, the edit to staging if any, and
/// the oracle's expectations worked out here from the default rules as a person reads them (40/40
/// split rounded half to even, Ujroh the rest; premiums numbered first in txn_id order, three
/// entries each; claims after in claim_id order; DEATH on Tabarru', TANAHUD_REFUND on Tanahud).
/// </summary>
public sealed record RandomMonth(
    IReadOnlyList<GeneratedPremium> Premiums, IReadOnlyList<GeneratedClaim> Claims, StagingEdit? Edit, IReadOnlyList<BrokenRecord> Broken,
    IReadOnlyList<LedgerLine> Expected, bool December)
{
    /// <summary>December 2024's batch, committed before January's when <see cref="December"/>: one premium and one claim, four entries.</summary>
    public static PremiumRecord DecemberPremium { get; } = new(0, DecemberTxnId, 77, new DateOnly(2024, 12, 10), new DateOnly(2024, 12, 10),
        new Money(100_000_000), new Money(40_000_000), new Money(40_000_000), new Money(20_000_000), "HYBRID-LIFE-001", "PLAN-A", "TRANSFER", "PAID");

    public static ClaimRecord DecemberClaim { get; } = new(0, DecemberClaimId, 77, new DateOnly(2024, 12, 12), "DEATH", new Money(50_000_000), "APPROVED");

    /// <summary>For a failing case: what was generated, readably.</summary>
    public string Describe() =>
        $"broken: [{string.Join(", ", Premiums.Where(p => p.Flaw != Flaw.None).Select(p => $"{p.Record.Describe()} {p.Flaw}").Concat(Claims.Where(c => c.Flaw != Flaw.None).Select(c => $"{c.Record.Describe()} {c.Flaw}")))}], " +
        $"{Premiums.Count} premiums, {Claims.Count} claims, edit: {Edit?.Name ?? "none"}, December batch: {December}, {Expected.Count} ledger lines expected";

    private static readonly StagingEdit[] Edits =
    [
        new("account code", "UPDATE {line} SET account_code = '9999' WHERE je_id = @je AND line_number = 2"),
        new("reference id", "UPDATE {header} SET reference_id = reference_id + 1000 WHERE je_id = @je"),
        new("line removed", "DELETE FROM {line} WHERE je_id = @je AND line_number = 2"),
        new("fund cleared", "UPDATE {line} SET fund_type = NULL WHERE je_id = @je"),
        new("description", "UPDATE {header} SET description = 'adjusted' WHERE je_id = @je"),
        new("amount moved", "UPDATE {line} SET debit_amount = debit_amount + 1 WHERE je_id = @je AND debit_amount > 0"),
    ];

    private static readonly Gen<Flaw> PremiumFlaws = Gen.Int[0, 99].Select(i => i < 85 ? Flaw.None : new[]
    {
        Flaw.NullId, Flaw.DuplicateId, Flaw.NullAmount, Flaw.NegativeAmount, Flaw.SplitOffBySen, Flaw.UnknownProduct, Flaw.UnknownStatus,
        Flaw.NoDate, Flaw.PostedBefore, Flaw.ExtremeId,
    }[i % 10]);

    private static readonly Gen<Flaw> ClaimFlaws = Gen.Int[0, 99].Select(i => i < 85 ? Flaw.None : new[]
    {
        Flaw.NullId, Flaw.DuplicateId, Flaw.NullAmount, Flaw.NegativeAmount, Flaw.UnknownStatus, Flaw.UnknownClaimType, Flaw.NoDate,
        Flaw.PostedBefore, Flaw.ExtremeId,
    }[i % 9]);

    /// <summary>Ids no record may carry: the type's extremes, zero, a negative.</summary>
    private static readonly long[] ExtremeIds = [long.MinValue, long.MaxValue, 0, -7];

    /// <summary>December's premium and claim ids, posted by an earlier batch when the month has one.</summary>
    public const long DecemberTxnId = 1001, DecemberClaimId = 2001;

    private static readonly Gen<Aside> Asides = Gen.Int[0, 9].Select(i => i switch { 8 => Aside.NotPosted, 9 => Aside.NextPeriod, _ => Aside.InPeriod });

    private static readonly Gen<(long Sen, int Day, Flaw Flaw, Aside Aside)> Premium =
        Gen.Select(Gen.Long[100_000, 500_000_000], Gen.Int[1, 28], PremiumFlaws, Asides);

    private static readonly Gen<(long Sen, int Day, Flaw Flaw, Aside Aside, bool Tanahud)> Claim =
        Gen.Select(Gen.Long[100_000, 900_000_000], Gen.Int[1, 28], ClaimFlaws, Asides, Gen.Int[0, 3].Select(i => i == 0));

    private static readonly Gen<StagingEdit?> Edited = Gen.Int[0, 99].Select(i => i < 70 ? null : Edits[i % Edits.Length]);

    public static readonly Gen<RandomMonth> Months =
        Gen.Select(Premium.Array[0, 18], Claim.Array[0, 6], Edited, Gen.Int[0, 4], Build);

    private static RandomMonth Build((long Sen, int Day, Flaw Flaw, Aside Aside)[] premiums,
        (long Sen, int Day, Flaw Flaw, Aside Aside, bool Tanahud)[] claims, StagingEdit? edit, int december)
    {
        // A flaw only where January's batch reads the row; a duplicate id of a February row is no
        // flaw for January (it posts the January one), so it stays, unflagged, as a cross-period pair.
        var ps = premiums.Select((p, i) => p.Flaw == Flaw.DuplicateId && i > 0 && premiums[i - 1].Aside == Aside.NextPeriod && p.Aside == Aside.InPeriod
                ? MakePremium(i, p.Sen, p.Day, Flaw.None, p.Aside)
                : MakePremium(i + 1, p.Sen, p.Day, FlawIn(p.Flaw, p.Aside, i), p.Aside)).ToList();
        var cs = claims.Select((c, i) => c.Flaw == Flaw.DuplicateId && i > 0 && claims[i - 1].Aside == Aside.NextPeriod && c.Aside == Aside.InPeriod
                ? MakeClaim(i, c.Sen, c.Day, Flaw.None, c.Aside, c.Tanahud)
                : MakeClaim(i + 1, c.Sen, c.Day, FlawIn(c.Flaw, c.Aside, i), c.Aside, c.Tanahud)).ToList();
        // A duplicate is one only where its twin is read by January too (not nulled, not February's).
        ps = [.. ps.Select(p => p.Flaw == Flaw.DuplicateId && !ps.Any(o => o != p && o.Aside != Aside.NextPeriod && o.Record.TxnId == p.Record.TxnId) ? p with { Flaw = Flaw.None } : p)];
        cs = [.. cs.Select(c => c.Flaw == Flaw.DuplicateId && !cs.Any(o => o != c && o.Aside != Aside.NextPeriod && o.Record.ClaimId == c.Record.ClaimId) ? c with { Flaw = Flaw.None } : c)];
        var broken = ps.Where(p => p.Flaw != Flaw.None).Select(p => new BrokenRecord(p.Record.TxnId, $"premium txn_id {p.Record.TxnId}"))
            .Concat(cs.Where(c => c.Flaw != Flaw.None).Select(c => new BrokenRecord(c.Record.ClaimId, $"claim claim_id {c.Record.ClaimId}")))
            .ToList();
        var withDecember = december == 0 || ps.Any(p => p.Flaw == Flaw.PostedBefore) || cs.Any(c => c.Flaw == Flaw.PostedBefore);
        return new RandomMonth(ps, cs, edit, broken, broken.Count == 0 ? Oracle(ps, cs, withDecember ? 5 : 1) : [], withDecember);
    }

    private static Flaw FlawIn(Flaw flaw, Aside aside, int index) =>
        aside != Aside.InPeriod || (flaw == Flaw.DuplicateId && index == 0) ? Flaw.None : flaw;

    private static GeneratedPremium MakePremium(long id, long sen, int day, Flaw flaw, Aside aside)
    {
        var tabarru = Share(sen);
        var date = aside == Aside.NextPeriod ? new DateOnly(2025, 2, day) : new DateOnly(2025, 1, day);
        var record = new PremiumRecord(0, id, 900 + id, date, date, new Money(sen), new Money(tabarru), new Money(tabarru), new Money(sen - (2 * tabarru)),
            "HYBRID-LIFE-001", "PLAN-A", "TRANSFER", aside == Aside.NotPosted ? "PENDING" : "PAID");
        record = flaw switch
        {
            Flaw.NullId => record with { TxnId = null },
            Flaw.DuplicateId => record with { TxnId = id - 1 },
            Flaw.NullAmount => record with { PremiumAmount = null },
            Flaw.NegativeAmount => record with { PremiumAmount = new Money(-sen) },
            Flaw.SplitOffBySen => record with { FundTabarru = new Money(tabarru + 1) },
            Flaw.UnknownProduct => record with { ProductCode = "NO-SUCH-PRODUCT" },
            Flaw.UnknownStatus => record with { Status = "LOST" },
            Flaw.NoDate => record with { PaymentDate = null },
            Flaw.PostedBefore => record with { TxnId = DecemberTxnId },
            Flaw.ExtremeId => record with { TxnId = ExtremeIds[(int)(sen % ExtremeIds.Length)] },
            _ => record,
        };
        return new GeneratedPremium(record, flaw, aside);
    }

    private static GeneratedClaim MakeClaim(long id, long sen, int day, Flaw flaw, Aside aside, bool tanahud)
    {
        var date = aside == Aside.NextPeriod ? new DateOnly(2025, 2, day) : new DateOnly(2025, 1, day);
        var record = new ClaimRecord(0, id, 900 + id, date, tanahud ? "TANAHUD_REFUND" : "DEATH", new Money(sen), aside == Aside.NotPosted ? "SUBMITTED" : "APPROVED");
        record = flaw switch
        {
            Flaw.NullId => record with { ClaimId = null },
            Flaw.DuplicateId => record with { ClaimId = id - 1 },
            Flaw.NullAmount => record with { ClaimAmount = null },
            Flaw.NegativeAmount => record with { ClaimAmount = new Money(-sen) },
            Flaw.UnknownStatus => record with { Status = "LOST" },
            Flaw.UnknownClaimType => record with { ClaimType = "NO-SUCH-TYPE" },
            Flaw.NoDate => record with { ClaimDate = null },
            Flaw.PostedBefore => record with { ClaimId = DecemberClaimId },
            Flaw.ExtremeId => record with { ClaimId = ExtremeIds[(int)(sen % ExtremeIds.Length)] },
            _ => record,
        };
        return new GeneratedClaim(record, flaw, aside);
    }

    /// <summary>40% of the premium in sen, rounded half to even.</summary>
    private static long Share(long sen) => (long)Math.Round(sen * 0.4m, MidpointRounding.ToEven);

    private static List<LedgerLine> Oracle(IReadOnlyList<GeneratedPremium> premiums, IReadOnlyList<GeneratedClaim> claims, long number)
    {
        var lines = new List<LedgerLine>();
        foreach (var p in premiums.Where(p => p.Aside == Aside.InPeriod).OrderBy(p => p.Record.TxnId))
        {
            var r = p.Record;
            var day = r.PaymentDate!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            foreach (var (template, account, fund, amount) in new[]
                     {
                         ("PREM-TBR", "4101", "TABARRU", r.FundTabarru!.Value.Minor), ("PREM-TNH", "4201", "TANAHUD", r.FundTanahud!.Value.Minor),
                         ("PREM-UJR", "4301", "UJROH", r.FundUjroh!.Value.Minor),
                     })
            {
                lines.Add(new LedgerLine(number, day, "PREMIUM", r.TxnId!.Value, template, 1, "1101", null, amount, 0));
                lines.Add(new LedgerLine(number, day, "PREMIUM", r.TxnId!.Value, template, 2, account, fund, 0, amount));
                number++;
            }
        }

        foreach (var c in claims.Where(c => c.Aside == Aside.InPeriod).OrderBy(c => c.Record.ClaimId))
        {
            var r = c.Record;
            var day = r.ClaimDate!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var (template, account, fund) = r.ClaimType == "DEATH" ? ("CLM-TBR", "5101", "TABARRU") : ("CLM-TNH", "5201", "TANAHUD");
            lines.Add(new LedgerLine(number, day, "CLAIM", r.ClaimId!.Value, template, 1, account, fund, r.ClaimAmount!.Value.Minor, 0));
            lines.Add(new LedgerLine(number, day, "CLAIM", r.ClaimId!.Value, template, 2, "2101", null, 0, r.ClaimAmount!.Value.Minor));
            number++;
        }

        return lines;
    }
}
