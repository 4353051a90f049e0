using System.Globalization;
using CsCheck;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Generation;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Source;
using MonthEnd.Operations.Import;
using MonthEnd.Store.Tests.Contract;

namespace MonthEnd.Operations.Tests.Contract;

/// <summary>
/// generate --csv then import: for any seed, period and counts, the rows that reach the source are
/// the generator's records, field by field (the records made again here from the same seed and ids).
/// </summary>
public abstract class GeneratedCsvRoundTrip(Func<IStoreTarget> targets) : ImportContractBase(targets)
{
    private sealed record Sample(int Seed, Period Period, int Premiums, int Claims);

    private static readonly Gen<Sample> Samples =
        Gen.Select(Gen.Int, Gen.Int[2024, 2026], Gen.Int[1, 12], Gen.Int[0, 25], Gen.Int[0, 8], (seed, year, month, p, c) => new Sample(seed, new Period(year, month), p, c));

    [Fact]
    public async Task generated_csv_files_import_as_exactly_the_generators_records()
    {
        var run = 0;
        await Samples.SampleAsync(async sample =>
        {
            run++;
            var files = await Imports.GenerateCsvAsync(Admin, sample.Period, sample.Premiums, sample.Claims, sample.Seed, Rules,
                NewPath($"p{run}.csv"), NewPath($"c{run}.csv"), Ct);
            if (files.PremiumsFile is { } premiumsFile)
            {
                (await Imports.ImportAsync(Admin, new ImportRequest(SourceKind.Premium, premiumsFile, false, Rules), Ct)).Imported.ShouldBe(sample.Premiums);
            }

            if (files.ClaimsFile is { } claimsFile)
            {
                (await Imports.ImportAsync(Admin, new ImportRequest(SourceKind.Claim, claimsFile, false, Rules), Ct)).Imported.ShouldBe(sample.Claims);
            }

            var generator = new SourceDataGenerator(Rules, sample.Seed);
            (await RowsAsync(SourceKind.Premium, files.FirstTxnId)).ShouldBe(generator.Premiums(sample.Period, sample.Premiums, files.FirstTxnId).Select(Row).ToList());
            (await RowsAsync(SourceKind.Claim, files.FirstClaimId)).ShouldBe(generator.Claims(sample.Period, sample.Claims, files.FirstClaimId).Select(Row).ToList());
        }, iter: 8, threads: 1, print: s => $"{s}");
    }

    private static string Row(PremiumRecord p) => Join(p.TxnId, p.PolicyId, Day(p.TxnDate), Day(p.PaymentDate), p.PremiumAmount?.Minor, p.FundTabarru?.Minor,
        p.FundTanahud?.Minor, p.FundUjroh?.Minor, p.ProductCode, p.PlanCode, p.PaymentMethod, p.Status, p.AccountNumber, p.PolicyHolderId);

    private static string Row(ClaimRecord c) =>
        Join(c.ClaimId, c.PolicyId, Day(c.ClaimDate), c.ClaimType, c.ClaimAmount?.Minor, c.Status, c.AccountNumber, c.PolicyHolderId);

    private static string Join(params object?[] values) => string.Join(" | ", values.Select(v => v is null ? "NULL" : Convert.ToString(v, CultureInfo.InvariantCulture)));

    private static string? Day(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
