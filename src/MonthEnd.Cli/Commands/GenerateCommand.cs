using System.CommandLine;
using System.Diagnostics;
using MonthEnd.Cli.Hosting;
using MonthEnd.Core.Generation;

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

            await using var store = StoreFactory.Open(StoreFactory.Resolve(parse.GetValue(db)));
            await store.MigrateAsync(ct);
            var watch = Stopwatch.StartNew();
            var generator = new SourceDataGenerator(CliOptions.LoadRules(parse.GetValue(rules)), parse.GetValue(seed));
            var (maxTxn, maxClaim) = await store.MaxSourceIdsAsync(ct);
            await store.AppendSourceAsync(generator.Premiums(p, premiumCount, maxTxn + 1), generator.Claims(p, claimCount, maxClaim + 1), ct);
            Console.WriteLine($"added {premiumCount:N0} premiums (txn_id {maxTxn + 1}..{maxTxn + premiumCount}) and {claimCount:N0} claims " +
                              $"(claim_id {maxClaim + 1}..{maxClaim + claimCount}) for {p} in {watch.Elapsed.TotalSeconds:F1}s");
            return 0;
        }));
        return command;
    }
}
