using System.CommandLine;
using System.Diagnostics;
using MonthEnd.Cli.Hosting;
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
        var command = new Command("generate", "Add reproducible test data to the source tables") { period, premiums, claims, seed, rules };
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
            var added = await host.Get<SourceOperations>().GenerateAsync(caller, p, premiumCount, claimCount, parse.GetValue(seed), ruleSet, ct);
            Console.WriteLine($"added {premiumCount:N0} premiums (txn_id {added.FirstTxnId}..{added.FirstTxnId + premiumCount - 1}) and {claimCount:N0} claims " +
                              $"(claim_id {added.FirstClaimId}..{added.FirstClaimId + claimCount - 1}) for {p} in {watch.Elapsed.TotalSeconds:F1}s");
            return 0;
        }));
        return command;
    }
}
