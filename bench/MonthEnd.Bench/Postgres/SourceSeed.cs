using System.Globalization;
using Dapper;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Generation;
using MonthEnd.Core.Rules;
using MonthEnd.Postgres;
using Npgsql;

namespace MonthEnd.Bench.Postgres;

/// <summary>
/// The generated source, once, in a template database: the schema (the store's migrations), the
/// default rules and the library's <see cref="SourceDataGenerator"/> rows, written by a child
/// process so that its memory is not counted, then vacuumed and analysed so every copy starts
/// settled (hint bits, visibility map, statistics), as a month's source would be.
/// </summary>
internal static class SourceSeed
{
    public const string Template = "monthend_bench_source";

    /// <summary>The child process's work: --store postgres --generate-only --db CONNECTION.</summary>
    public static async Task GenerateAsync(string connection, BenchOptions options, Period period, RuleSet rules)
    {
        await using var store = new PostgresStore(connection);
        await store.MigrateAsync(CancellationToken.None);
        await store.SaveRuleSetAsync(rules, "bench", CancellationToken.None);
        var generator = new SourceDataGenerator(rules, seed: 7);
        await store.AppendSourceAsync(generator.Premiums(period, options.Premiums, 1), generator.Claims(period, options.Claims, 1), CancellationToken.None);
    }

    public static async Task CreateTemplateAsync(BenchServer server, BenchOptions options)
    {
        await server.CreateDatabaseAsync(Template);
        var connection = server.ConnectionTo(Template);
        var exit = await SelfProcess.RunAsync([
            "--store", "postgres", "--generate-only", "--db", connection,
            "--premiums", options.Premiums.ToString(CultureInfo.InvariantCulture), "--claims", options.Claims.ToString(CultureInfo.InvariantCulture),
        ]);
        if (exit != 0)
        {
            throw new InvalidOperationException($"data generation failed (exit {exit})");
        }

        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await admin.ExecuteAsync("VACUUM (ANALYZE) premium_transaction, claims_transaction", commandTimeout: 0);
    }
}
