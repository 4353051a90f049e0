using Dapper;
using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests;

/// <summary>Every outcome worded for people, or as JSON with --json, with the documented exit code and no .NET exception text.</summary>
public sealed class MessageTests
{
    private const string Period = "2025-01";

    public static TheoryData<string[], int> JsonErrors => new()
    {
        { ["run", "--period", "2025-13", "--json"], 64 },
        { ["run", "--json"], 64 },
        { ["run", "--period", Period, "--workers", "-1", "--json"], 64 },
        { ["validate-source", "--period", Period, "--rules", "no-such-rules.json", "--json"], 64 },
        { ["status", "--batch-id", "2025-01-MONTHEND", "--json"], 4 },
        { ["status", "--batch-id", "bad id", "--json"], 64 },
    };

    [Theory]
    [MemberData(nameof(JsonErrors))]
    public async Task with_json_an_error_is_one_json_object_on_stdout_carrying_the_exit_code(string[] args, int exitCode)
    {
        using var ws = new Workspace();
        await ws.InitAsync();

        var result = (await ws.CliAsync(args)).ShouldExitWith(exitCode);

        var json = Json.Parse(result);
        json.Long("exit_code").ShouldBe(exitCode);
        json.Str("result").ShouldBe(exitCode == 64 ? "USAGE" : "REFUSED");
        json.Str("message").ShouldNotBeNullOrWhiteSpace();
        result.Stderr.ShouldBeEmpty();
    }

    public static TheoryData<string[], string> UserMistakes => new()
    {
        { ["status", "--db", "."], "is a directory" },
        { ["init", "--db", "no-such-dir/sub/"], "names a directory" },
        { ["status", "--db", "Host=localhost;Port=not-a-port;Database=x"], "not a valid PostgreSQL connection string" },
        { ["status", "--db", "Host=localhost;Bogus Keyword=1"], "not a valid PostgreSQL connection string" },
        { ["run", "--period", Period, "--workers", "-3"], "--workers must be 0 or more, not -3" },
        { ["run", "--period", Period, "--chunk-size", "0"], "--chunk-size must be 1 or more, not 0" },
        { ["run", "--period", Period, "--lease-seconds", "-5"], "--lease-seconds must be a number of seconds above 0" },
        { ["run", "--period", Period, "--lease-seconds", "5", "--heartbeat-seconds", "9"], "--heartbeat-seconds (9) must be shorter than --lease-seconds (5)" },
        { ["worker", "--poll-seconds", "0"], "--poll-seconds must be a number of seconds above 0" },
        { ["validate-source", "--period", Period, "--rules", "missing.json"], "--rules 'missing.json': no such file" },
        { ["init", "--rules", "."], "is a directory" },
        { ["demo", "--premiums", "-1"], "must not be negative" },
        { ["demo", "--db", "mine.db"], "takes no --db" },
    };

    [Theory]
    [MemberData(nameof(UserMistakes))]
    public async Task a_users_mistake_exits_64_with_one_line_and_no_exception_text(string[] args, string expected)
    {
        using var ws = new Workspace();
        await ws.InitAsync();

        var result = (await ws.CliWithoutDbAsync(args.Contains("--db") || args[0] == "demo" ? args : [.. args, "--db", ws.Db])).ShouldExitWith(64);

        result.Stderr.ShouldContain(expected);
        result.Stderr.Trim().Split('\n').Length.ShouldBe(1, result.ToString());
        result.Text.ShouldNotContain("Exception");
        result.Text.ShouldNotContain(" at ");
        result.Text.ShouldNotContain("(Parameter");
    }

    [Fact]
    public async Task validate_source_counts_a_record_with_three_broken_rules_once_and_lists_all_three()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync(Period, premiums: 20, claims: 0);
        using (var db = ws.Open())
        {
            // No product, a negative premium and a negative Tabarru part whose parts miss the premium.
            db.Execute("""
                INSERT INTO premium_transaction (txn_id, policy_id, txn_date, payment_date, premium_amount, fund_tabarru, fund_tanahud, fund_ujroh,
                                                 product_code, plan_code, payment_method, status)
                VALUES (900001, 77, '2025-01-15', '2025-01-16', -100, -40, 0, 0, NULL, 'PLAN-A', 'TRANSFER', 'PAID')
                """);
        }

        var text = (await ws.CliAsync("validate-source", "--period", Period)).ShouldExitWith(2);
        text.Text.ShouldContain("2025-01: 1 invalid source records");
        var line = text.Stdout.Split('\n').Single(l => l.Contains("premium txn_id 900001:"));
        foreach (var rule in new[] { "REQUIRED_FIELD", "AMOUNT_POSITIVE", "FUND_PART_NOT_NEGATIVE", "FUND_PARTS_SUM_TO_PREMIUM" })
        {
            line.ShouldContain($"(rule {rule})");
        }

        var json = Json.Parse((await ws.CliAsync("validate-source", "--period", Period, "--json")).ShouldExitWith(2));
        json.Long("invalid_record_count").ShouldBe(1);
        json.Long("exit_code").ShouldBe(2);
        var record = json.At("invalid_records").EnumerateArray().Single();
        record.Str("record").ShouldBe("premium txn_id 900001");
        record.At("rules").EnumerateArray().Select(r => r.GetString()).ShouldBe(
            ["REQUIRED_FIELD", "AMOUNT_POSITIVE", "FUND_PART_NOT_NEGATIVE", "FUND_PARTS_SUM_TO_PREMIUM"], ignoreOrder: true);
    }

    [Fact]
    public async Task a_run_refused_for_invalid_source_hints_validate_source_with_the_real_period()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync("2025-03", premiums: 30, claims: 3);
        using (var db = ws.Open())
        {
            db.Execute("UPDATE premium_transaction SET product_code = 'NOPE' WHERE txn_id = 7");
        }

        var run = (await ws.CliAsync("run", "--period", "2025-03")).ShouldExitWith(2);

        run.Text.ShouldContain($"monthend validate-source --period 2025-03 --db {ws.Db}");
        run.Text.ShouldNotContain("YYYY-MM");
    }

    [Fact]
    public async Task help_says_what_control_commands_and_demo_really_do()
    {
        using var ws = new Workspace();
        foreach (var command in new[] { "pause", "resume", "abort" })
        {
            var help = (await ws.CliWithoutDbAsync(command, "--help")).ShouldExitWith(0);
            help.Text.ShouldNotContain("default YYYY-MM-MONTHEND", customMessage: command);
            help.Text.ShouldContain("required", customMessage: command);
        }

        var demo = (await ws.CliWithoutDbAsync("demo", "--help")).ShouldExitWith(0);
        demo.Text.ShouldContain("always monthend-demo.db in the current directory");
        demo.Text.ShouldContain("--db is refused");
        (await ws.CliWithoutDbAsync("run", "--help")).ShouldExitWith(0).Text.ShouldContain("default: the period's open or committed batch");
        (await ws.CliWithoutDbAsync("status", "--help")).ShouldExitWith(0).Text.ShouldContain("default: list the 50 most recent batches");
    }

    [Fact]
    public async Task run_with_no_workers_says_it_waits_for_worker_processes_and_a_worker_finishes_it()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync(Period, premiums: 2_000, claims: 100);

        using var run = ws.Start("run", "--period", Period, "--workers", "0", "--chunk-size", "500");
        await Poll.WhileRunningAsync<bool>(run, "the batch was planned", () => ws.BatchStatus("2025-01-MONTHEND") is "RUNNING" ? true : null);
        (await ws.CliAsync("worker", "--exit-when-idle", "--poll-seconds", "0.2")).ShouldExitWith(0);
        var result = (await run.WaitAsync()).ShouldExitWith(0);

        result.Text.ShouldContain("it waits for worker processes");
        result.Text.ShouldContain($"monthend worker --db {ws.Db}");
    }

    [Fact]
    public async Task status_names_the_staging_file_of_an_uncommitted_batch_as_such()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync(Period, premiums: 300, claims: 30);

        // Planned, waiting for worker processes, then paused: uncommitted with its staging file kept.
        using var planned = ws.Start("run", "--period", Period, "--workers", "0");
        await Poll.WhileRunningAsync<bool>(planned, "the batch was planned", () => ws.BatchStatus("2025-01-MONTHEND") is "RUNNING" ? true : null);
        (await ws.CliAsync("pause", "--batch-id", "2025-01-MONTHEND", "--reason", "test")).ShouldExitWith(0);
        (await planned.WaitAsync()).ShouldExitWith(5);

        var status = (await ws.CliAsync("status", "--batch-id", "2025-01-MONTHEND")).ShouldExitWith(0);
        status.Text.ShouldContain("staging file");
        Json.Parse((await ws.CliAsync("status", "--batch-id", "2025-01-MONTHEND", "--json")).ShouldExitWith(0))
            .Str("batch", "staging_location").ShouldEndWith("2025-01-MONTHEND.staging.db");
    }
}
