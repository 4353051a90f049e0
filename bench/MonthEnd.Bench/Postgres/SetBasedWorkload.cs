using System.Diagnostics;
using Dapper;
using MonthEnd.Bench.Reporting;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Rules;
using Npgsql;

namespace MonthEnd.Bench.Postgres;

/// <summary>
/// Reference (a): the month-end as set-based SQL (Sql/set_based_posting.sql) into plain ledger
/// tables of the ledger's shape, in one READ COMMITTED transaction: one INSERT … SELECT per ledger
/// table, one statement marking the source, the durable commit. No validation, no staging.
/// </summary>
internal static class SetBasedWorkload
{
    public const string HeaderTable = "ref_je_header";
    public const string LineTable = "ref_je_line";

    public static async Task<Measurement> RunAsync(string connection, Period period, RuleSet rules)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        foreach (var ddl in SqlScript.Steps("ledger_tables").Where(s => s.Name == "set-based"))
        {
            await db.ExecuteAsync(ddl.Sql);
        }

        var ruleSetId = await db.ExecuteScalarAsync<long>("SELECT rule_set_id FROM posting_rule_set WHERE version = @Version", new { rules.Version });
        var first = await db.ExecuteScalarAsync<long>($"SELECT coalesce(max(je_id), 0) + 1 FROM {HeaderTable}");
        var script = SqlScript.Steps("set_based_posting", new Dictionary<string, string> { ["header"] = HeaderTable, ["line"] = LineTable });

        ProcessMemory.Reset();
        using var memory = new MemorySampler();
        var steps = new List<Step>();
        var cpu = new CpuMeter();
        var watch = Stopwatch.StartNew();
        var lap = Stopwatch.StartNew();
        await using (var transaction = await db.BeginTransactionAsync())
        {
            foreach (var step in script)
            {
                await using var command = new NpgsqlCommand(step.Sql, db, transaction) { CommandTimeout = 0 };
                command.Parameters.AddWithValue("first", first);
                command.Parameters.AddWithValue("rule_set_id", ruleSetId);
                command.Parameters.AddWithValue("premium_templates", rules.PremiumTemplates.Select(t => t.Code).ToArray());
                command.Parameters.AddWithValue("start", period.Start);
                command.Parameters.AddWithValue("end", period.End);
                command.Parameters.AddWithValue("premium_statuses", rules.PremiumStatuses.Post.ToArray());
                command.Parameters.AddWithValue("claim_statuses", rules.ClaimStatuses.Post.ToArray());
                command.Parameters.AddWithValue("batch_id", $"{period}-MONTHEND-SQL");
                command.Parameters.AddWithValue("posted_by", Environment.UserName);
                await command.ExecuteNonQueryAsync();
                steps.Add(new Step(step.Name, lap.Elapsed));
                lap.Restart();
            }

            await transaction.CommitAsync();
            steps.Add(new Step("durable commit", lap.Elapsed));
        }

        var total = watch.Elapsed;
        var (clientCpu, machineCpu) = cpu.Elapsed();
        memory.Stop();
        var peakResident = ProcessMemory.PeakResident();
        await using var count = new NpgsqlConnection(connection);
        var (headers, lines) = await count.QuerySingleAsync<(long, long)>($"SELECT (SELECT count(*) FROM {HeaderTable}), (SELECT count(*) FROM {LineTable})", commandTimeout: 0);
        return new Measurement("(a) set-based SQL", total, steps, headers, lines, peakResident, memory.PeakManagedBytes)
        {
            ClientCpu = clientCpu,
            MachineCpu = machineCpu,
        };
    }
}
