using Dapper;
using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests;

/// <summary>`monthend partition restart`: its wiring, its permission (restart_failed_worker, a batch_operator's), its exit codes.</summary>
public sealed class PartitionRestartTests
{
    private const string Period = "2025-01";
    private const string Batch = "2025-01-MONTHEND";
    private const string OperatorPassword = "operator password 123";

    [Fact]
    public async Task an_operator_restarts_a_failed_partition_an_admin_may_not_and_a_partition_not_failed_is_refused()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync(Period, premiums: 300, claims: 30);
        (await ws.CliWithAsync(new Dictionary<string, string?> { ["MONTHEND_NEW_PASSWORD"] = OperatorPassword }, "user", "add", "olivia", "--role", "batch_operator"))
            .ShouldExitWith(0);
        using (var planned = ws.Start("run", "--period", Period, "--workers", "0"))
        {
            await Poll.WhileRunningAsync<bool>(planned, "the batch was planned", () => ws.BatchStatus(Batch) is "RUNNING" ? true : null);
            (await ws.CliAsync("pause", "--batch-id", Batch, "--reason", "a worker failed")).ShouldExitWith(0);
            (await planned.WaitAsync()).ShouldExitWith(5);
        }

        // What a worker leaves when its partition fails (the store contracts make real ones).
        using (var db = ws.Open())
        {
            db.Execute("UPDATE staging_worker_partition SET status = 'FAILED', attempts = 2, error = 'disk full on node-07' WHERE batch_id = @Batch AND partition_no = 1", new { Batch });
        }

        var olivia = new Dictionary<string, string?> { ["MONTHEND_USER"] = "olivia", ["MONTHEND_PASSWORD"] = OperatorPassword };
        (await ws.CliAsync("partition", "restart", "--batch-id", Batch, "--partition", "1")).ShouldExitWith(7).Stderr.ShouldContain("restart_failed_worker");

        var restarted = (await ws.CliWithAsync(olivia, "partition", "restart", "--batch-id", Batch, "--partition", "1")).ShouldExitWith(0);

        restarted.Stdout.ShouldContain("partition 1 of batch 2025-01-MONTHEND is PENDING again (attempts so far: 2)");
        restarted.Stdout.ShouldContain($"monthend resume --batch-id {Batch}");
        using (var db = ws.Open())
        {
            db.QuerySingle<(string, long, string?)>("SELECT status, attempts, lease_owner FROM staging_worker_partition WHERE batch_id = @Batch AND partition_no = 1", new { Batch })
                .ShouldBe(("PENDING", 2L, null));
            db.ExecuteScalar<string>("SELECT details FROM batch_lifecycle_log WHERE event = 'PARTITION_RESTARTED'")!.ShouldContain("disk full on node-07");
            db.Count("SELECT count(*) FROM audit_batch_operations WHERE operation = 'PARTITION_RESTARTED' AND status = 'SUCCESS' AND performed_by = 'olivia'").ShouldBe(1);
        }

        (await ws.CliWithAsync(olivia, "partition", "restart", "--batch-id", Batch, "--partition", "1")).ShouldExitWith(4)
            .Stderr.ShouldContain("is PENDING, not FAILED");
        (await ws.CliWithAsync(olivia, "partition", "restart", "--batch-id", Batch, "--partition", "99999999999")).ShouldExitWith(64);
    }
}
