using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests.Postgres;

/// <summary>The audit trail on PostgreSQL with several monthend processes appending at once.</summary>
[Collection(PgReferenceGroup.Name)]
public sealed class PostgresAuditTests
{
    [Fact]
    public async Task processes_appending_to_the_trail_at_once_keep_one_chain_that_verifies()
    {
        const int processes = 6;
        await using var db = await PgDatabase.CreateAsync();
        await db.InitAsync();
        var before = await db.CountAsync("SELECT count(*) FROM audit_batch_operations");

        // Each process adds a user (one audited row each) and a token for it (another): 2 rows per process, all at once.
        var adds = Enumerable.Range(1, processes).Select(i => db.Start("user", "add", $"clerk-{i}", "--role", "finance_viewer", "--no-password")).ToList();
        foreach (var add in adds)
        {
            using (add)
            {
                (await add.WaitAsync()).ShouldExitWith(0);
            }
        }

        var tokens = Enumerable.Range(1, processes).Select(i => db.Start("token", "create", "--user", $"clerk-{i}", "--name", $"clerk {i}")).ToList();
        foreach (var token in tokens)
        {
            using (token)
            {
                (await token.WaitAsync()).ShouldExitWith(0);
            }
        }

        (await db.CountAsync("SELECT count(*) FROM audit_batch_operations")).ShouldBe(before + (2 * processes));
        (await db.CountAsync("SELECT count(DISTINCT previous_mac) FROM audit_batch_operations")).ShouldBe(before + (2 * processes), "no two rows link to the same row: no fork");
        (await db.CountAsync("SELECT max(audit_id) - min(audit_id) + 1 FROM audit_batch_operations")).ShouldBe(before + (2 * processes), "no gap");
        await db.CliAsync("user", "add", "aud", "--role", "auditor", "--no-password");
        var created = (await db.CliAsync("token", "create", "--user", "aud", "--name", "audit", "--json")).ShouldExitWith(0);
        var auditor = new Dictionary<string, string?> { ["MONTHEND_TOKEN"] = Json.Parse(created).GetProperty("token").GetString(), ["MONTHEND_USER"] = null };
        (await db.CliWithAsync(auditor, "audit", "verify")).ShouldExitWith(0).Stdout.ShouldContain("audit verify: intact");
    }
}
