using MonthEnd.Core.Audit;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Reports;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Approvals;
using MonthEnd.Operations.Audit;
using MonthEnd.Operations.Batches;
using MonthEnd.Operations.DryRuns;
using MonthEnd.Operations.Import;
using MonthEnd.Operations.Notifications;
using MonthEnd.Operations.Periods;
using MonthEnd.Operations.Reports;
using MonthEnd.Operations.Reversal;
using MonthEnd.Operations.Rollback;
using MonthEnd.Operations.Schema;
using MonthEnd.Operations.Source;
using MonthEnd.Operations.Users;
using MonthEnd.Store.Tests.Contract;

namespace MonthEnd.Operations.Tests.Contract;

/// <summary>
/// Every (role, operation) pair through the operations layer: an allowed operation gets past
/// authorization (it may still be refused for the state it finds); a denied one throws
/// <see cref="AccessDeniedException"/>, changes no table (a digest of all of them but the trail
/// before and after), and leaves exactly one FAILED row in the trail naming the user and the operation.
/// </summary>
public abstract class AccessMatrixContract(Func<IStoreTarget> targets)
{
    private static readonly Period January = new(2025, 1);
    private static readonly RuleSet Rules = RuleSetLoader.LoadDefault();
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>SQL listing the database's tables (one text column).</summary>
    protected abstract string TablesSql { get; }

    private sealed record Operation(string Name, Permission Permission, Func<Context, Caller, Task> Invoke);

    private sealed record Context(OperationsHost Host, string BatchId, long RequestId, string Unique);

    private static readonly Operation[] Catalog =
    [
        new("status", Permission.ViewBatchStatus, (c, who) => c.Host.Get<BatchOperations>().StatusAsync(who, c.BatchId, Ct)),
        new("list", Permission.ViewAllBatches, (c, who) => c.Host.Get<BatchOperations>().ListAsync(who, null, 50, Ct)),
        new("validate-source", Permission.ValidateSource, (c, who) => c.Host.Get<SourceOperations>().ValidateAsync(who, January, Rules, _ => { }, Ct)),
        new("pause", Permission.PauseBatch, (c, who) => c.Host.Get<BatchOperations>().PauseAsync(who, c.BatchId, "matrix", Ct)),
        new("resume", Permission.ResumeBatch, (c, who) => c.Host.Get<BatchOperations>().ResumeAsync(who, c.BatchId, "matrix", Ct)),
        new("worker", Permission.RunWorker, (c, who) => c.Host.Get<WorkerOperations>().RunningBatchesAsync(who, Ct)),
        new("generate", Permission.GenerateSource, (c, who) => c.Host.Get<SourceOperations>().GenerateAsync(who, January, 3, 1, 7, Rules, Ct)),
        new("generate --csv", Permission.GenerateSource, (c, who) => c.Host.Get<ImportOperations>().GenerateCsvAsync(who, January, 0, 0, 7, Rules, null, null, Ct)),
        new("import", Permission.ImportSource, (c, who) => c.Host.Get<ImportOperations>().ImportAsync(who,
            new ImportRequest(MonthEnd.Core.Posting.SourceKind.Premium, "/nonexistent/matrix.csv", false, Rules), Ct)),
        new("user add", Permission.ManageUsers, (c, who) => c.Host.Get<UserOperations>().AddAsync(who, "new-" + c.Unique, [Role.FinanceViewer], "a long enough password", null, Ct)),
        new("user list", Permission.ManageUsers, (c, who) => c.Host.Get<UserOperations>().ListAsync(who, Ct)),
        new("user grant", Permission.ManageUsers, (c, who) => c.Host.Get<UserOperations>().GrantAsync(who, "target", Role.Auditor, null, Ct)),
        new("user disable", Permission.ManageUsers, (c, who) => c.Host.Get<UserOperations>().SetDisabledAsync(who, "target", true, Ct)),
        new("another's token", Permission.ManageUsers, (c, who) => c.Host.Get<TokenOperations>().CreateAsync(who, "target", "matrix", null, Ct)),
        new("requests", Permission.ApproveRequest, (c, who) => c.Host.Get<ApprovalOperations>().ListAsync(who, null, Ct)),
        new("approve", Permission.ApproveRequest, (c, who) => c.Host.Get<ApprovalOperations>().ApproveAsync(who, c.RequestId, Ct)),
        new("init", Permission.MigrateSchema, (c, who) => c.Host.Get<SchemaOperations>().InitAsync(who, null, null, Rules, OperationsHost.Client, Ct)),
        new("notify", Permission.SendNotifications, (c, who) => c.Host.Get<NotificationOperations>().SendDueAsync(who, Ct)),
        new("audit verify", Permission.VerifyAudit, (c, who) => c.Host.Get<AuditOperations>().VerifyAsync(who, null, Ct)),
        new("audit read", Permission.ViewAuditTrail, (c, who) => c.Host.Get<AuditOperations>().ReadAsync(who, new AuditQuery(), Ct)),
        new("report", Permission.DownloadBatchReports, (c, who) => c.Host.Get<ReportOperations>().CreateAsync(who, c.BatchId, ReportKind.Batch, ReportFormat.Json, Ct)),
        new("audit export", Permission.ExportAuditLogs, (c, who) => c.Host.Get<AuditOperations>().ExportAsync(who, new AuditQuery(), Ct)),
        // The planned batch's partition 1 is PENDING: an operator gets past authorization and is refused for its state.
        new("partition restart", Permission.RestartFailedWorker, (c, who) => c.Host.Get<WorkerOperations>().RestartFailedPartitionAsync(who, c.BatchId, 1, Ct)),
        new("abort", Permission.AbortBatch, (c, who) => c.Host.Get<BatchOperations>().AbortAsync(who, c.BatchId, "matrix", Ct)),
        // The period's batch is planned: the dry run refuses at once, without a copy.
        new("dry-run", Permission.RunDryRun, (c, who) => c.Host.Get<DryRunOperations>().RunAsync(who, new DryRunRequest(
            new RunRequest(January, null, Rules, who.User, new RunSettings { Workers = 1, ChunkSize = 10 }), new DryRunCopyOptions(), false), null, Ct)),
        new("period list", Permission.ViewAllBatches, (c, who) => c.Host.Get<PeriodOperations>().ListAsync(who, Ct)),
        new("period close", Permission.ClosePeriod, (c, who) => c.Host.Get<PeriodOperations>().RequestCloseAsync(who, new Period(2024, 12), "matrix", Ct)),
        new("reverse", Permission.ReverseBatch, (c, who) => c.Host.Get<ReversalOperations>().RequestAsync(who, c.BatchId, "2025-01-31", false, "matrix", Ct)),
        new("rollback", Permission.RollbackBatch, (c, who) => c.Host.Get<RollbackOperations>().RollbackAsync(who, c.BatchId, "matrix", false, Ct)),
        new("run", Permission.InitiateBatch, (c, who) => c.Host.Get<BatchOperations>().RunAsync(who,
            new RunRequest(January, null, Rules, who.User, new RunSettings { Workers = 1, ChunkSize = 10, PollInterval = TimeSpan.FromMilliseconds(20) }), null, Ct)),
    ];

    public static TheoryData<string> Roles() => [.. Enum.GetValues<Role>().Select(r => r.Name()), "none"];

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task every_operation_is_allowed_exactly_for_the_roles_that_hold_its_permission_and_a_refusal_changes_nothing_and_is_audited(string roleName)
    {
        await using var target = targets();
        await using var host = await OperationsHost.StartAsync(target);
        var root = await host.UserAsync("root", Role.BatchAdmin);
        await host.UserAsync("target", Role.FinanceViewer);
        await host.Get<SourceOperations>().GenerateAsync(root, January, 20, 2, 42, Rules, Ct);
        await host.Store.SaveRuleSetAsync(Rules, root.User, Ct);
        var (planned, _) = await new Preflight(host.Store).PlanAsync(
            new RunRequest(January, null, Rules, root.User, new RunSettings { Workers = 1, ChunkSize = 10 }), "2025-01-MONTHEND", Ct);
        var request = await host.Get<ApprovalOperations>().RequestAsync(root, "GRANT_BATCH_ADMIN",
            new RoleChange("target", Role.BatchAdmin.Name(), true).ToJson(), "matrix", Ct);
        var subject = roleName == "none" ? await host.UserAsync("subject") : await host.UserAsync("subject", Parse(roleName));
        var context = new Context(host, planned!.BatchId, request.RequestId, roleName.Replace('_', '-'));

        Catalog.Select(o => o.Permission).Distinct().Count().ShouldBeGreaterThan(12, "the catalog covers every permission an operation uses today");
        foreach (var operation in Catalog)
        {
            var before = await TableDigest.OfAsync(target, TablesSql, "audit_");
            var head = (await host.Get<IAuditStore>().AuditHeadAsync(Ct))?.AuditId ?? 0;
            Exception? thrown = null;
            try
            {
                await operation.Invoke(context, subject);
            }
            catch (Exception e)
            {
                thrown = e;
            }

            if (subject.Holds(operation.Permission))
            {
                thrown.ShouldNotBeOfType<AccessDeniedException>($"{roleName} may {operation.Name}");
                continue;
            }

            var denied = thrown.ShouldBeOfType<AccessDeniedException>($"{roleName} may not {operation.Name}");
            denied.Permission.ShouldBe(operation.Permission);
            denied.Message.ShouldContain(operation.Permission.Name());
            TableDigest.Changed(before, await TableDigest.OfAsync(target, TablesSql, "audit_")).ShouldBeEmpty($"{roleName} refused {operation.Name} changed nothing");
            var rows = await ReadAfterAsync(host, head);
            rows.Count.ShouldBe(1, $"{operation.Name}: one audit row for the refusal");
            rows[0].Draft.Status.ShouldBe(AuditStatus.Failed);
            rows[0].Draft.PerformedBy.ShouldBe("subject");
            rows[0].Draft.Details.ShouldContain(operation.Permission.Name());
        }
    }

    private static Role Parse(string name) => RoleNames.TryParse(name, out var role) ? role : throw new ArgumentException(name);

    private static async Task<List<AuditEntry>> ReadAfterAsync(OperationsHost host, long after)
    {
        var rows = new List<AuditEntry>();
        await foreach (var row in host.Get<IAuditStore>().ReadAuditAsync(new AuditQuery(AfterId: after), Ct))
        {
            rows.Add(row);
        }

        return rows;
    }
}
