using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests;

public sealed class UsageTests
{
    [Theory]
    [InlineData("run", "2025-13")]
    [InlineData("run", "2025-1")]
    [InlineData("run", "2025-00")]
    [InlineData("run", "25-01")]
    [InlineData("validate-source", "2025-13")]
    [InlineData("generate", "2025-1")]
    public async Task a_malformed_period_exits_64_naming_the_period(string command, string period)
    {
        using var ws = new Workspace();
        string[] args = command == "generate" ? [command, "--period", period, "--premiums", "10"] : [command, "--period", period];

        var result = (await ws.CliAsync(args)).ShouldExitWith(64);

        result.Stderr.ShouldContain($"period '{period}' is malformed");
        result.Stderr.ShouldContain("YYYY-MM");
    }

    [Theory]
    [InlineData("run", "2025-01-monthend")]
    [InlineData("run", "bad id")]
    [InlineData("run", "_2025-01")]
    [InlineData("run", "A23456789012345678901234567890123456789012345678901")]
    [InlineData("status", "x!")]
    [InlineData("pause", "2025-01/MONTHEND")]
    [InlineData("resume", "2025-01-monthend")]
    [InlineData("abort", "'; DROP TABLE journal_entry_header; --")]
    public async Task a_malformed_batch_id_exits_64_naming_the_batch_id(string command, string batchId)
    {
        using var ws = new Workspace();
        await ws.InitAsync();
        string[] args = command == "run" ? [command, "--period", "2025-01", "--batch-id", batchId] : [command, "--batch-id", batchId];

        var result = (await ws.CliAsync(args)).ShouldExitWith(64);

        result.Stderr.ShouldContain($"batch id '{batchId}' is malformed");
        using var db = ws.Open();
        db.Count("SELECT count(*) FROM staging_month_end_master").ShouldBe(0);
    }

    [Fact]
    public async Task a_missing_required_option_or_unknown_command_exits_64()
    {
        using var ws = new Workspace();

        (await ws.CliAsync("run")).ShouldExitWith(64).Stderr.ShouldContain("--period");
        (await ws.CliAsync("abort")).ShouldExitWith(64).Stderr.ShouldContain("--batch-id");
        (await ws.CliAsync("run", "--period", "2025-01", "--workers", "lots")).ShouldExitWith(64).Stderr.ShouldContain("lots");
        (await ws.CliAsync("frobnicate")).ShouldExitWith(64).Stderr.ShouldContain("frobnicate");
    }

    [Fact]
    public async Task control_commands_on_an_unknown_batch_exit_4()
    {
        using var ws = new Workspace();
        await ws.InitAsync();

        (await ws.CliAsync("abort", "--batch-id", "2025-01-MONTHEND")).ShouldExitWith(4).Stderr.ShouldContain("no batch 2025-01-MONTHEND");
        (await ws.CliAsync("status", "--batch-id", "2025-01-MONTHEND")).ShouldExitWith(4).Stderr.ShouldContain("no batch 2025-01-MONTHEND");
    }
}
