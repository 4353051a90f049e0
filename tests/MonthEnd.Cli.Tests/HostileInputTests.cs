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
            var line = string.Join(' ', args.Select(a => a.Length > 40 ? a[..40] + "…" : a));
            result.ExitCode.ShouldBeOneOf([4, 64], $"{line}\n{result}");
            result.Stderr.ShouldNotContain("\u001b", Case.Sensitive, line);
            result.Stderr.ShouldNotContain("\u202E", Case.Sensitive, line);
            result.Stderr.ShouldNotContain("forged line\n", Case.Sensitive, line);
            result.Stderr.Length.ShouldBeLessThan(2_000, line);
            result.Stderr.ShouldNotContain("Exception", Case.Sensitive, line);
        }

        Tables(ws).ShouldBe(before, "no table of the ledger, the source, the batches or the users changed");
    }

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
