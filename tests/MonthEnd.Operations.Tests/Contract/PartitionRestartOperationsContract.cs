using System.Text.Json;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Batches;
using MonthEnd.Operations.Source;
using MonthEnd.Store.Tests.Contract;
using Shouldly;
using Xunit;

namespace MonthEnd.Operations.Tests.Contract;

/// <summary>
/// restart_failed_worker through the operations layer: a batch_operator puts a FAILED partition back
/// to work, a worker then stages it, and the trail keeps the partition's state before and after;
/// every refusal (not FAILED, unknown, batch closed, a malformed argument) changes nothing and a
/// refusal of state is in the trail as FAILED.
/// </summary>
public abstract class PartitionRestartOperationsContract(Func<IStoreTarget> targets)
{
    private static readonly Period January = new(2025, 1);
    private static readonly RuleSet Rules = RuleSetLoader.LoadDefault();
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly RunSettings Settings = new() { Workers = 1, ChunkSize = 10, PollInterval = TimeSpan.FromMilliseconds(20) };

    /// <summary>SQL listing the database's tables (one text column).</summary>
    protected abstract string TablesSql { get; }

    [Fact]
    public async Task an_operator_restarts_a_failed_partition_and_a_worker_stages_it_with_before_and_after_in_the_trail()
    {
        await using var target = targets();
        await using var host = await OperationsHost.StartAsync(target);
        var (admin, olivia) = await UsersAsync(host);
        var (batch, failed) = await FailedPartitionAsync(host, admin);
        var head = await HeadAsync(host);

        var restarted = await host.Get<WorkerOperations>().RestartFailedPartitionAsync(olivia, batch.BatchId, failed.PartitionNo, Ct);

        restarted.Partition.Status.ShouldBe(PartitionStatus.Pending);
        restarted.Partition.Attempts.ShouldBe(failed.Attempts);
        restarted.Batch.Status.ShouldBe(BatchStatus.Running);
        var row = (await TrailAfterAsync(host, head)).ShouldHaveSingleItem();
        row.Operation.ShouldBe("PARTITION_RESTARTED");
        row.Status.ShouldBe(AuditStatus.Success);
        row.PerformedBy.ShouldBe("olivia");
        row.BatchId.ShouldBe(batch.BatchId);
        Field(row.BeforeState, "status").ShouldBe("FAILED");
        Field(row.BeforeState, "error").ShouldBe("disk full on the worker");
        Field(row.AfterState, "status").ShouldBe("PENDING");

        var staged = await host.Get<WorkerOperations>().StageAsync(admin, batch, "w", Settings, Ct);

        var after = (await host.Store.GetPartitionsAsync(batch.BatchId, Ct)).Single(p => p.PartitionNo == failed.PartitionNo);
        after.Status.ShouldBe(PartitionStatus.Completed);
        after.RecordsProcessed.ShouldBe(after.RecordCount);
        staged.Records.ShouldBeGreaterThanOrEqualTo(after.RecordCount);
    }

    [Fact]
    public async Task a_restart_refused_for_the_state_it_finds_changes_nothing_and_is_audited_as_failed()
    {
        await using var target = targets();
        await using var host = await OperationsHost.StartAsync(target);
        var (admin, olivia) = await UsersAsync(host);
        var (batch, failed) = await FailedPartitionAsync(host, admin);
        var pending = (await host.Store.GetPartitionsAsync(batch.BatchId, Ct)).First(p => p.Status == PartitionStatus.Pending);
        var work = host.Get<WorkerOperations>();
        (string Id, int Partition, string Says)[] refusals =
        [
            (batch.BatchId, pending.PartitionNo, "is PENDING, not FAILED"),
            (batch.BatchId, 999, "has no partition 999"),
            ("2025-01-NOSUCH", failed.PartitionNo, "no batch 2025-01-NOSUCH"),
        ];

        foreach (var (id, partition, says) in refusals)
        {
            var before = await TableDigest.OfAsync(target, TablesSql, "audit_");
            var head = await HeadAsync(host);

            var refused = await Should.ThrowAsync<OperationRefusedException>(() => work.RestartFailedPartitionAsync(olivia, id, partition, Ct));

            refused.Message.ShouldContain(says);
            TableDigest.Changed(before, await TableDigest.OfAsync(target, TablesSql, "audit_")).ShouldBeEmpty(says);
            var row = (await TrailAfterAsync(host, head)).ShouldHaveSingleItem(says);
            row.Status.ShouldBe(AuditStatus.Failed);
            row.Details.ShouldContain(says);
        }

        await host.Get<BatchOperations>().AbortAsync(admin, batch.BatchId, "given up", Ct);
        var closed = await Should.ThrowAsync<OperationRefusedException>(() => work.RestartFailedPartitionAsync(olivia, batch.BatchId, failed.PartitionNo, Ct));
        closed.Message.ShouldContain("is ABORTED");
    }

    [Fact]
    public async Task a_malformed_batch_id_or_partition_number_is_refused_before_anything_is_read_or_written()
    {
        await using var target = targets();
        await using var host = await OperationsHost.StartAsync(target);
        var (admin, olivia) = await UsersAsync(host);
        var (batch, failed) = await FailedPartitionAsync(host, admin);
        (string? Id, int Partition)[] malformed =
        [
            (batch.BatchId, 0), (batch.BatchId, -5), (batch.BatchId, int.MinValue),
            ("'; DROP TABLE staging_worker_partition; --", failed.PartitionNo), ("2025-01\nforged", failed.PartitionNo),
            ("", failed.PartitionNo), (null, failed.PartitionNo), (new string('9', 20_000), failed.PartitionNo),
        ];
        var before = await TableDigest.OfAsync(target, TablesSql, "");

        foreach (var (id, partition) in malformed)
        {
            await Should.ThrowAsync<InvalidArgumentException>(() => host.Get<WorkerOperations>().RestartFailedPartitionAsync(olivia, id, partition, Ct));
        }

        TableDigest.Changed(before, await TableDigest.OfAsync(target, TablesSql, "")).ShouldBeEmpty();
    }

    private static async Task<(Caller Admin, Caller Operator)> UsersAsync(OperationsHost host) =>
        (await host.UserAsync("root", Role.BatchAdmin), await host.UserAsync("olivia", Role.BatchOperator));

    /// <summary>A running batch whose first partition a worker claimed, then failed.</summary>
    private static async Task<(BatchRecord Batch, PartitionRecord Failed)> FailedPartitionAsync(OperationsHost host, Caller admin)
    {
        await host.Get<SourceOperations>().GenerateAsync(admin, January, 30, 3, 42, Rules, Ct);
        await host.Store.SaveRuleSetAsync(Rules, admin.User, Ct);
        var (planned, _) = await new Preflight(host.Store).PlanAsync(new RunRequest(January, null, Rules, admin.User, Settings), "2025-01-MONTHEND", Ct);
        var batch = await host.Store.MoveAsync(planned!.BatchId, BatchStatus.Planned, BatchStatus.Running, null, Ct);
        await using var worker = await host.Store.OpenWorkerAsync(batch.BatchId, "dying-worker", Ct);
        var lease = (await worker.ClaimPartitionAsync(TimeSpan.FromMinutes(5), Ct)).Lease.ShouldNotBeNull();
        await worker.FailPartitionAsync(lease, "disk full on the worker", Ct);
        return (batch, (await host.Store.GetPartitionsAsync(batch.BatchId, Ct)).Single(p => p.PartitionNo == lease.PartitionNo));
    }

    private static async Task<long> HeadAsync(OperationsHost host) => (await host.Get<IAuditStore>().AuditHeadAsync(Ct))?.AuditId ?? 0;

    private static async Task<List<AuditDraft>> TrailAfterAsync(OperationsHost host, long after)
    {
        var rows = new List<AuditDraft>();
        await foreach (var row in host.Get<IAuditStore>().ReadAuditAsync(new AuditQuery(AfterId: after), Ct))
        {
            rows.Add(row.Draft);
        }

        return rows;
    }

    private static string? Field(string? json, string name) =>
        JsonDocument.Parse(json.ShouldNotBeNull()).RootElement.GetProperty(name).GetString();
}
