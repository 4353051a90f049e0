using Dapper;
using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests;

/// <summary>
/// Every kind of argument fed what an attacker or a slip of the hand would give it: SQL, control
/// characters that would forge lines or colour a terminal, very long values, right-to-left marks,
/// other scripts' digits. Each is refused with a clear message that quotes it inert, or taken as
/// plain data; nothing is executed and nothing changes.
/// </summary>
public sealed class HostileInputTests
{
    public static TheoryData<string> Hostile() =>
    [
        "'; DROP TABLE journal_entry_header; --",
        "2025-01\nerror: forged line",
        "\u001b[31mred\u001b[0m",
        "2025\u202E10-",
        "٢٠٢٥-٠١",
        new string('9', 20_000),
        "2025-01' OR '1'='1",
    ];

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task a_hostile_value_in_any_argument_is_refused_or_inert_and_changes_nothing(string value)
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync("2025-01", premiums: 10, claims: 1);
        var before = Tables(ws);
        string[][] commands =
        [
            ["run", "--period", value],
            ["validate-source", "--period", value],
            ["generate", "--period", value, "--premiums", "1"],
            ["status", "--batch-id", value],
            ["abort", "--batch-id", value, "--reason", "x"],
            ["pause", "--batch-id", "2025-01-MONTHEND", "--reason", value],
            ["user", "add", value, "--role", "auditor", "--no-password"],
            ["user", "grant", value, "auditor"],
            ["user", "grant", "admin", value],
            ["token", "revoke", value],
            ["approve", value],
            ["audit", "verify", "--expect-head", value],
            ["audit", "export", "--from", value],
            ["run", "--period", "2025-01", "--rules", value],
        ];

        foreach (var args in commands)
        {
            var result = await ws.CliAsync(args);
            ShouldBeRefusedInert(result, args, 4, 64);
        }

        Tables(ws).ShouldBe(before, "no table of the ledger, the source, the batches or the users changed");
    }

    /// <summary>
    /// The newest commands' arguments, each with a hostile kind that can reach it (one process each:
    /// the checks behind them are shared, and Arguments' own tests try every kind): SQL, control and
    /// direction characters, very long values, other scripts' digits, negative and huge numbers, paths
    /// that are no place to write (a FIFO, a file where a directory belongs, a missing directory), and
    /// the other store's option. Each is refused with exit 64 and a message quoting it inert; no
    /// table, no file or directory beside the database changes.
    /// </summary>
    [Fact]
    public async Task a_hostile_value_in_the_newest_commands_is_refused_with_exit_64_and_changes_nothing()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync("2025-01", premiums: 10, claims: 1);
        var fifo = Path.Combine(ws.Directory, "reports.fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            mkfifo.ExitCode.ShouldBe(0);
        }

        var sql = "'; DROP TABLE journal_entry_header; --";
        var longText = new string('9', 20_000);
        var longPath = string.Concat(Enumerable.Repeat("a/", 2_100)) + "x";
        string[][] commands =
        [
            ["dry-run", "--period", "2025-01\nerror: forged line"],
            ["dry-run", "--period", "2025-01", "--workers", "99999999999"],
            ["dry-run", "--period", "2025-01", "--scratch-dir", longPath],
            ["dry-run", "--period", "2025-01", "--scratch-dir", "copies\u001b[31m"],
            ["dry-run", "--period", "2025-01", "--scratch-dir", ws.Db],
            ["dry-run", "--period", "2025-01", "--scratch-db", "Host=db;Password=hunter2-secret"],
            ["status", "--period", "٢٠٢٥-٠١"],
            ["preflight", "--period", "-2025-01"],
            ["import", "premiums", ws.Directory],
            ["import", "claims", "claims\u202Evsc.csv"],
            ["report", "--batch-id", sql, "--kind", "batch"],
            ["report", "--batch-id", "2025-01-MONTHEND", "--kind", "batch", "--format", "json", "--out", fifo],
            ["report", "--batch-id", "2025-01-MONTHEND", "--kind", "batch", "--format", "json", "--out", "report\nforged.json"],
            ["report", "--batch-id", "2025-01-MONTHEND", "--kind", "batch", "--format", "json", "--out", "no/such/dir/report.json"],
            ["period", "close", "2025-01\nforged", "--reason", "r"],
            ["period", "reopen", "2025-01", "--reason", longText],
            ["rollback", "--batch-id", "2025-01-MONTHEND' OR '1'='1", "--reason", "r"],
            ["rollback", "--batch-id", "2025-01-MONTHEND", "--reason", "\u202Eevil"],
            ["partition", "restart", "--batch-id", "2025-01-MONTHEND", "--partition", "-1"],
        ];
        var tables = Tables(ws);
        var entries = Entries(ws);

        foreach (var args in commands)
        {
            var result = await ws.CliAsync(args);
            ShouldBeRefusedInert(result, args, 64);
            result.Stderr.ShouldNotContain("hunter2-secret", Case.Sensitive, "a connection string's password is never shown");
            result.Stderr.ShouldNotContain("System.", Case.Sensitive, ".NET's names stay out of the messages");
        }

        Tables(ws).ShouldBe(tables, "no table of the ledger, the source, the batches or the users changed");
        Entries(ws).ShouldBe(entries, "no file or directory was created or replaced beside the database");
        File.GetAttributes(fifo).ShouldNotBe(FileAttributes.Directory);
    }

    private static void ShouldBeRefusedInert(CliResult result, string[] args, params int[] codes)
    {
        var line = string.Join(' ', args.Select(a => a.Length > 40 ? a[..40] + "…" : a));
        result.ExitCode.ShouldBeOneOf(codes, $"{line}\n{result}");
        result.Stderr.ShouldNotContain("\u001b", Case.Sensitive, line);
        result.Stderr.ShouldNotContain("\u202E", Case.Sensitive, line);
        result.Stderr.ShouldNotContain("forged line\n", Case.Sensitive, line);
        result.Stderr.ShouldNotContain("forged\n", Case.Sensitive, line);
        result.Stderr.Length.ShouldBeLessThan(2_000, line);
        result.Stderr.ShouldNotContain("Exception", Case.Sensitive, line);
    }

    /// <summary>Every file and directory under the workspace but the database's own, which any command opens and locks.</summary>
    private static List<string> Entries(Workspace ws) =>
        [.. Directory.GetFileSystemEntries(ws.Directory, "*", SearchOption.AllDirectories)
            .Where(e => !Path.GetFileName(e).StartsWith(Path.GetFileName(ws.Db), StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    private static Dictionary<string, long> Tables(Workspace ws)
    {
        using var db = ws.Open();
        return new[] { "journal_entry_header", "premium_transaction", "staging_month_end_master", "app_user", "api_token", "approval_request", "fund_balance" }
            .ToDictionary(t => t, t => db.ExecuteScalar<long>($"SELECT count(*) FROM {t}"));
    }

    [Fact]
    public async Task sql_in_a_free_text_argument_is_stored_as_plain_text()
    {
        using var ws = new Workspace();
        await ws.InitAsync();
        const string name = "'); DELETE FROM app_user; --";

        (await ws.CliAsync("token", "create", "--name", name)).ShouldExitWith(0);

        using var db = ws.Open();
        db.ExecuteScalar<string>("SELECT name FROM api_token").ShouldBe(name);
        db.ExecuteScalar<long>("SELECT count(*) FROM app_user").ShouldBe(1);
    }
}
