using System.Globalization;
using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Approvals;
using MonthEnd.Operations.Audit;
using MonthEnd.Operations.Batches;
using MonthEnd.Operations.Identity;
using MonthEnd.Operations.Reversal;
using MonthEnd.Operations.Rollback;

namespace MonthEnd.Bench;

/// <summary>What a batch run through the operations layer measured besides the run itself.</summary>
internal sealed record LayeredRun(RunOutcome Outcome, TimeSpan Seal, TimeSpan Verify, AuditReport Report, string AuditKey);

/// <summary>
/// The batch as every host runs it: a signed-in batch_admin through the operations layer (the
/// permission check, the audit rows, the seal appended after the commit), then an auditor's
/// <c>audit verify</c> (the chain and the seal recomputed from the ledger), each timed.
/// </summary>
internal static class OperationsRun
{
    private static readonly ClientInfo Client = new("bench", "127.0.0.1", "monthend-bench");

    public static async Task<LayeredRun> RunAsync(IMonthEndStore store, RunRequest request)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var services = Services(store, key, backups: null);
        var admin = await UserAsync(services, "bench-admin", Role.BatchAdmin);
        var auditor = await UserAsync(services, "bench-auditor", Role.Auditor);
        var result = await services.GetRequiredService<BatchOperations>().RunAsync(admin, request with { InitiatedBy = admin.User }, null, CancellationToken.None);
        var seal = await services.GetRequiredService<BatchSeals>().FindAsync(result.Outcome.Batch!.BatchId, CancellationToken.None);
        BenchCheck.That(seal is not null, "the committed batch was not sealed");

        // The seal's own cost: the same append again, timed (its row is not a second seal of anything: a probe).
        var sealWatch = Stopwatch.StartNew();
        await services.GetRequiredService<IAuditStore>().AppendAuditAsync(seal!.Draft with { Operation = "BENCH_SEAL_PROBE" },
            services.GetRequiredService<AuditSigner>().Link, CancellationToken.None);
        var sealTime = sealWatch.Elapsed;

        var verifyWatch = Stopwatch.StartNew();
        var report = await services.GetRequiredService<AuditOperations>().VerifyAsync(auditor, null, CancellationToken.None);
        var verify = verifyWatch.Elapsed;
        BenchCheck.That(report.Intact, $"audit verify after the batch: {report.Chain.Problem?.Message} {string.Join("; ", report.Seals.Where(s => !s.Intact).Select(s => s.Summary()))}");
        return new LayeredRun(result.Outcome, sealTime, verify, report, key);
    }

    /// <summary>
    /// The committed batch rolled back under four-eyes (--rollback), after the run's checks: the
    /// approval timed (backup, one transaction, integrity check: what the operator waits for), and
    /// the size of the backup it wrote.
    /// </summary>
    public static async Task<(TimeSpan Elapsed, long BackupBytes)> RollBackAsync(IMonthEndStore store, LayeredRun run)
    {
        var backups = Path.Combine(Path.GetTempPath(), "monthend-bench-backups-" + Guid.NewGuid().ToString("N"));
        await using var services = Services(store, run.AuditKey, backups);
        var admin = SignIn.CallerOf((await services.GetRequiredService<IUserStore>().FindUserAsync("bench-admin", CancellationToken.None))!, Client);
        var second = await UserAsync(services, "bench-admin-2", Role.BatchAdmin);
        var request = (await services.GetRequiredService<RollbackOperations>().RollbackAsync(admin, run.Outcome.Batch!.BatchId, "bench", confirm: true, CancellationToken.None)).Request!;
        var watch = Stopwatch.StartNew();
        var approved = await services.GetRequiredService<ApprovalOperations>().ApproveAsync(second, request.RequestId, CancellationToken.None);
        var elapsed = watch.Elapsed;
        BenchCheck.That(approved.Outcome?.Contains("integrity check PASS", StringComparison.Ordinal) == true, $"rollback: {approved.Outcome}");
        var bytes = Directory.GetFiles(backups, "*.jsonl.gz").Sum(f => new FileInfo(f).Length);
        Directory.Delete(backups, recursive: true);
        return (elapsed, bytes);
    }

    /// <summary>
    /// The committed batch reversed by compensating entries under four-eyes (--reverse): the approval
    /// timed (plan, stage the mirror entries, check them against the original, commit, seal, archive),
    /// and the reversal's own commit steps.
    /// </summary>
    public static async Task<(TimeSpan Elapsed, IReadOnlyList<(string Step, TimeSpan Time)> Steps)> ReverseAsync(IMonthEndStore store, LayeredRun run)
    {
        await using var services = Services(store, run.AuditKey, null);
        var admin = SignIn.CallerOf((await services.GetRequiredService<IUserStore>().FindUserAsync("bench-admin", CancellationToken.None))!, Client);
        var second = await services.GetRequiredService<IUserStore>().FindUserAsync("bench-admin-2", CancellationToken.None) is { } known
            ? SignIn.CallerOf(known, Client)
            : await UserAsync(services, "bench-admin-2", Role.BatchAdmin);
        var batch = run.Outcome.Batch!;
        var date = batch.Period.End.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var request = await services.GetRequiredService<ReversalOperations>().RequestAsync(admin, batch.BatchId, date, false, "bench", CancellationToken.None);
        var watch = Stopwatch.StartNew();
        var approved = await services.GetRequiredService<ApprovalOperations>().ApproveAsync(second, request.RequestId, CancellationToken.None);
        var elapsed = watch.Elapsed;
        BenchCheck.That(approved.Outcome?.Contains("REVERSED by", StringComparison.Ordinal) == true, $"reversal: {approved.Outcome}");
        var reversalId = (await store.ListBatchesAsync(null, 10, CancellationToken.None)).First(b => b.ReversesBatchId == batch.BatchId).BatchId;
        var events = await store.GetEventsAsync(reversalId, CancellationToken.None);
        var committed = events.Last(e => e.Event == "BATCH_COMMITTED");
        // The phases from the lifecycle events' times: planned, staged (VALIDATING), committed.
        var (created, staged) = (events.First(e => e.Event == "BATCH_CREATED").EventTime, events.Last(e => e.Event == "STATUS_VALIDATING").EventTime);
        return (elapsed,
        [
            ("reversal phases: " + string.Create(CultureInfo.InvariantCulture,
                $"plan + stage {(staged - created).TotalSeconds:0.00}s, check + commit {(committed.EventTime - staged).TotalSeconds:0.00}s"), TimeSpan.Zero),
            .. events.Where(e => e.Event == "REVERSAL_STAGED").Select(e => ("reversal staging: " + e.Details, TimeSpan.Zero)),
            ("reversal commit: " + committed.Details[(committed.Details.IndexOf("steps:", StringComparison.Ordinal) + 7)..], TimeSpan.Zero),
        ]);
    }

    private static ServiceProvider Services(IMonthEndStore store, string auditKey, string? backups)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            [new("Audit:Key", auditKey), new("Rollback:BackupDirectory", backups ?? Path.GetTempPath())]).Build();
        return new ServiceCollection().AddLogging().AddMonthEndStore(_ => store).AddMonthEndOperations(configuration).BuildServiceProvider();
    }

    private static async Task<Caller> UserAsync(ServiceProvider services, string name, Role role)
    {
        var user = new UserAccount(name, null, [role], false, 0, null, DateTimeOffset.UtcNow, "bench");
        await services.GetRequiredService<IUserStore>().AddUserAsync(user, CancellationToken.None);
        return SignIn.CallerOf(user, Client);
    }
}
