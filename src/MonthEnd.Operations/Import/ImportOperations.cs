using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Logging;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Generation;
using MonthEnd.Core.Import;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Text;
using MonthEnd.Operations.Access;

namespace MonthEnd.Operations.Import;

/// <summary>Where generate --csv wrote: each file with its record count and first id (null for a kind not asked for).</summary>
public sealed record GeneratedFiles(string? PremiumsFile, long Premiums, long FirstTxnId, string? ClaimsFile, long Claims, long FirstClaimId);

/// <summary>
/// The import family: source rows from CSV files into the source tables, all or nothing, and the
/// generator's test data written as such files. Every run is audited (SOURCE_IMPORTED: the file, its
/// record count and the result; an import refused for its rows is FAILED with the count of findings).
/// </summary>
public sealed partial class ImportOperations(IMonthEndStore store, ISourceImports imports, OperationGate gate, IRedactorProvider redactors,
    ILogger<ImportOperations> log)
{
    /// <summary>Findings listed in a report; beyond it they are counted only.</summary>
    public const int ListLimit = 1000;

    public async Task<ImportReport> ImportAsync(Caller caller, ImportRequest request, CancellationToken ct)
    {
        Arguments.FilePath("FILE", request.Path);
        var shown = Shown.Quote(request.Path, 200);
        var details = new { kind = KindName(request.Kind), file = shown, validate_only = request.ValidateOnly };
        try
        {
            var report = await gate.ChangeAsync(caller, Permission.ImportSource, "SOURCE_IMPORTED", null, details,
                c => RunAsync(request, shown, c),
                r => new { records = r.Records, imported = r.Imported, result = r.ValidateOnly ? "VALID" : "IMPORTED" }, ct);
            LogImported(log, caller.User, request.Kind, report.Records, report.Imported);
            return report;
        }
        catch (ImportRejectedException rejected)
        {
            LogRejected(log, caller.User, request.Kind, rejected.Report.Records, rejected.Report.FindingCount);
            return rejected.Report;
        }
    }

    private async Task<ImportReport> RunAsync(ImportRequest request, string shown, CancellationToken ct)
    {
        if (Directory.Exists(request.Path))
        {
            throw new InvalidArgumentException("FILE", $"{shown} is a directory; give a CSV file");
        }

        if (!File.Exists(request.Path))
        {
            throw new InvalidArgumentException("FILE", $"no such file: {shown}");
        }

        try
        {
            return await LoadAsync(request, shown, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The file, not the database: the stores' own failures are DbExceptions.
            throw new ImportFileException($"{shown} cannot be read: {(e is UnauthorizedAccessException ? "permission denied" : Shown.Inert(e.Message))}");
        }
    }

    private async Task<ImportReport> LoadAsync(ImportRequest request, string shown, CancellationToken ct)
    {
        var findings = new ImportFindings(ListLimit, redactors);
        using var file = new SourceCsvFile(request.Path, request.Kind, findings.Add);
        await using var load = await imports.OpenLoadAsync(request.Kind, ct);
        var idColumn = ImportLayout.IdColumn(request.Kind);
        if (request.Kind == SourceKind.Premium)
        {
            await load.AddPremiumsAsync(file.Premiums(request.Rules), ct);
        }
        else
        {
            await load.AddClaimsAsync(file.Claims(request.Rules), ct);
        }

        findings.Add(await load.FindDuplicatesAsync(ListLimit, ct), idColumn);
        ImportReport Report(long imported) => new(request.Kind, shown, file.Records, request.ValidateOnly, imported, findings.Listed, findings.Count);
        if (findings.Count > 0)
        {
            throw new ImportRejectedException(Report(0));
        }

        if (request.ValidateOnly)
        {
            return Report(0);
        }

        var move = await load.MoveAsync(ListLimit, ct);
        findings.Add(move.Refused, idColumn);
        return findings.Count > 0 ? throw new ImportRejectedException(Report(0)) : Report(move.Moved);
    }

    /// <summary>
    /// The generator's rows written as import files instead of into the database, numbered after the
    /// database's largest ids (so the files import cleanly into it). A path given for a kind not asked
    /// for (count 0) is left alone.
    /// </summary>
    public Task<GeneratedFiles> GenerateCsvAsync(Caller caller, Period period, long premiums, long claims, int seed, RuleSet rules,
        string? premiumsFile, string? claimsFile, CancellationToken ct)
    {
        if (premiums < 0 || claims < 0)
        {
            throw new InvalidArgumentException("--premiums/--claims", "must not be negative");
        }

        var details = new { period = period.ToString(), premiums, claims, seed, premiums_file = Shown.Quote(premiumsFile, 200), claims_file = Shown.Quote(claimsFile, 200) };
        return gate.ChangeAsync(caller, Permission.GenerateSource, "SOURCE_GENERATED_CSV", null, details, async c =>
        {
            var generator = new SourceDataGenerator(rules, seed);
            var (maxTxn, maxClaim) = await store.MaxSourceIdsAsync(c);
            var wrotePremiums = premiums > 0 && premiumsFile is not null;
            var wroteClaims = claims > 0 && claimsFile is not null;
            if (wrotePremiums)
            {
                SourceCsvWriter.WritePremiums(premiumsFile!, generator.Premiums(period, premiums, maxTxn + 1), c);
            }

            if (wroteClaims)
            {
                SourceCsvWriter.WriteClaims(claimsFile!, generator.Claims(period, claims, maxClaim + 1), c);
            }

            return new GeneratedFiles(wrotePremiums ? premiumsFile : null, wrotePremiums ? premiums : 0, maxTxn + 1,
                wroteClaims ? claimsFile : null, wroteClaims ? claims : 0, maxClaim + 1);
        }, g => new { first_txn_id = g.FirstTxnId, first_claim_id = g.FirstClaimId }, ct);
    }

    public static string KindName(SourceKind kind) => kind == SourceKind.Premium ? "premiums" : "claims";

    [LoggerMessage(Level = LogLevel.Information, Message = "{User} imported {Kind}: {Records} records read, {Imported} rows written")]
    private static partial void LogImported(ILogger logger, string user, SourceKind kind, long records, long imported);

    [LoggerMessage(Level = LogLevel.Warning, Message = "import of {Kind} by {User} refused: {Findings} findings in {Records} records; nothing written")]
    private static partial void LogRejected(ILogger logger, string user, SourceKind kind, long records, long findings);
}
