using System.CommandLine;
using System.Diagnostics;
using MonthEnd.Cli.Hosting;
using MonthEnd.Core.Text;
using MonthEnd.Operations.Import;
using MonthEnd.Operations.Source;

namespace MonthEnd.Cli.Commands;

internal static class GenerateCommand
{
    public static Command Create(Option<string?> db)
    {
        var period = CliOptions.Period();
        var premiums = new Option<long>("--premiums") { Description = "Number of PAID premiums to add", Required = true };
        var claims = new Option<long>("--claims") { Description = "Number of APPROVED claims to add", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same rows", DefaultValueFactory = _ => 42 };
        var rules = CliOptions.Rules();
        var csv = new Option<string?>("--csv")
        {
            Description = "Write the rows as import files instead: a directory gets premiums.csv and claims.csv; a file takes the one kind asked for",
        };
        var command = new Command("generate", "Add reproducible test data to the source tables (or write it as CSV files to import)") { period, premiums, claims, seed, rules, csv };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            var p = CliOptions.ParsePeriod(parse.GetValue(period)!);
            var (premiumCount, claimCount) = (parse.GetValue(premiums), parse.GetValue(claims));
            if (premiumCount < 0 || claimCount < 0)
            {
                throw new FormatException("--premiums and --claims must not be negative");
            }

            var ruleSet = CliOptions.LoadRules(parse.GetValue(rules));
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var watch = Stopwatch.StartNew();
            if (parse.GetValue(csv) is { } target)
            {
                var (premiumsFile, claimsFile) = CsvTargets(target, premiumCount, claimCount);
                var files = await host.Get<ImportOperations>().GenerateCsvAsync(caller, p, premiumCount, claimCount, parse.GetValue(seed), ruleSet,
                    premiumsFile, claimsFile, ct);
                Console.WriteLine($"wrote {files.Premiums:N0} premiums (txn_id from {files.FirstTxnId}) to {Shown.Quote(files.PremiumsFile)} and {files.Claims:N0} claims " +
                                  $"(claim_id from {files.FirstClaimId}) to {Shown.Quote(files.ClaimsFile)} for {p} in {watch.Elapsed.TotalSeconds:F1}s");
                return 0;
            }

            var added = await host.Get<SourceOperations>().GenerateAsync(caller, p, premiumCount, claimCount, parse.GetValue(seed), ruleSet, ct);
            Console.WriteLine($"added {premiumCount:N0} premiums (txn_id {added.FirstTxnId}..{added.FirstTxnId + premiumCount - 1}) and {claimCount:N0} claims " +
                              $"(claim_id {added.FirstClaimId}..{added.FirstClaimId + claimCount - 1}) for {p} in {watch.Elapsed.TotalSeconds:F1}s");
            return 0;
        }));
        return command;
    }

    /// <summary>A directory (existing, or written with a trailing separator) takes both files; a file takes the one kind asked for.</summary>
    private static (string? Premiums, string? Claims) CsvTargets(string target, long premiums, long claims)
    {
        if (Directory.Exists(target) || target.EndsWith(Path.DirectorySeparatorChar) || target.EndsWith(Path.AltDirectorySeparatorChar))
        {
            Directory.CreateDirectory(target);
            return (Path.Combine(target, "premiums.csv"), Path.Combine(target, "claims.csv"));
        }

        return (premiums > 0, claims > 0) switch
        {
            (true, true) => throw new FormatException("--csv: a file holds one kind; give a directory for premiums and claims"),
            (false, true) => (null, target),
            _ => (target, null),
        };
    }
}
