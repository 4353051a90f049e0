using MonthEnd.Core.Audit;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Batches;
using MonthEnd.Operations.DryRuns;
using MonthEnd.Operations.Source;
using MonthEnd.Store.Tests.Contract;

namespace MonthEnd.Operations.Tests.Contract;

/// <summary>
/// The dry run through the operations layer, on a real database of each store: January is committed
/// in production, February's source waits; a dry run of February runs the whole batch on a copy and
/// leaves production as it was but for its one audit row and its row in dry_runs.
/// </summary>
public abstract class DryRunContract(Func<IStoreTarget> targets)
{
    private static readonly Period January = new(2025, 1);
    private static readonly Period February = new(2025, 2);
    private static readonly RuleSet Rules = RuleSetLoader.LoadDefault();
    private static readonly RunSettings Settings = new() { Workers = 2, ChunkSize = 100, PollInterval = TimeSpan.FromMilliseconds(20) };
    protected static readonly CancellationToken Ct = CancellationToken.None;
    private const long FebruaryPremiums = 200, FebruaryClaims = 20;

    /// <summary>SQL listing the database's tables (one text column).</summary>
    protected abstract string TablesSql { get; }

    /// <summary>How the store's copy is asked for in these tests.</summary>
    protected abstract DryRunCopyOptions CopyOptions(IStoreTarget target);

    /// <summary>Inserts a premium row (of March) into production, failing within about two seconds should a lock hold it up.</summary>
    protected abstract void InsertPremiumQuickly(IStoreTarget target, long txnId);

    protected abstract Task<bool> CopyExistsAsync(IStoreTarget target, string location);

    /// <summary>Three whole numbers a query of the copy gives in its one row.</summary>
    protected abstract Task<(long, long, long)> CopyRowAsync(IStoreTarget target, string location, string sql);

    protected abstract Task RemoveCopyAsync(IStoreTarget target, string location);

    [Fact]
    public async Task a_dry_run_commits_the_period_on_its_copy_numbered_after_production_and_changes_nothing_in_production_but_its_record()
    {
        await using var target = targets();
        await using var host = await OperationsHost.StartAsync(target);
        var admin = await SetUpAsync(host);
        var nextJe = await target.CountAsync("SELECT max(je_id) + 1 FROM journal_entry_header");
        var before = await TableDigest.OfAsync(target, TablesSql, "audit_");
        var head = (await host.Get<IAuditStore>().AuditHeadAsync(Ct))?.AuditId ?? 0;

        var result = await host.Get<DryRunOperations>().RunAsync(admin, Request(target, keep: true), null, Ct);

        TableDigest.Changed(before, await TableDigest.OfAsync(target, TablesSql, "audit_")).ShouldBe(["dry_runs"]);
        var report = result.Report;
        report.Result.ShouldBe("COMMITTED", report.Message);
        report.Throughput.Transactions.ShouldBe(FebruaryPremiums + FebruaryClaims);
        report.Validation.Checks.ShouldNotBeEmpty();
        report.Validation.Checks.ShouldAllBe(c => c.Result == "PASS");
        report.Validation.AllPassed.ShouldBeTrue();
        result.Report.Recommendation.Verdict.ShouldNotBe("DO NOT PROCEED");
        report.Copy.Kept.ShouldBeTrue();
        try
        {
            var (entries, first, last) = await CopyRowAsync(target, report.Copy.Location, """
                SELECT count(*), min(je_id), max(je_id) FROM journal_entry_header WHERE batch_id = '2025-02-DRYRUN'
                """);
            entries.ShouldBe((3 * FebruaryPremiums) + FebruaryClaims);
            first.ShouldBe(nextJe, "the copy numbers on from production's last entry");
            (last - first + 1).ShouldBe(entries);
        }
        finally
        {
            await RemoveCopyAsync(target, report.Copy.Location);
        }

        var audit = await ReadAfterAsync(host, head);
        audit.ShouldHaveSingleItem().Draft.Operation.ShouldBe("DRY_RUN");
        audit[0].Draft.Status.ShouldBe(AuditStatus.Success);
        audit[0].Draft.PerformedBy.ShouldBe(admin.User);
        var kept = (await host.Get<IDryRunRecords>().LastDryRunAsync(February, Ct)).ShouldNotBeNull();
        kept.Recommendation.ShouldBe(report.Recommendation.Verdict);
        kept.RunBy.ShouldBe(admin.User);
        kept.ReportJson.ShouldContain("2025-02-DRYRUN");
    }

    [Fact]
    public async Task source_rows_written_to_production_while_the_copy_is_made_and_while_its_batch_runs_go_through_at_once()
    {
        await using var target = targets();
        await using var host = await OperationsHost.StartAsync(target);
        var admin = await SetUpAsync(host);
        var (duringCopy, duringRun) = (false, false);
        Exception? failed = null;
        var progress = new Callback(p =>
        {
            try
            {
                if (p.Copy is not null && !duringCopy)
                {
                    duringCopy = true;
                    InsertPremiumQuickly(target, 900_001);
                }
                else if (p.Run is not null && !duringRun)
                {
                    duringRun = true;
                    InsertPremiumQuickly(target, 900_002);
                }
            }
            catch (Exception e)
            {
                failed ??= e;
                throw;
            }
        });

        var result = await host.Get<DryRunOperations>().RunAsync(admin, Request(target, keep: false), progress, Ct);

        failed.ShouldBeNull();
        (duringCopy, duringRun).ShouldBe((true, true), "both writes were tried while the dry run went on");
        (await target.CountAsync("SELECT count(*) FROM premium_transaction WHERE txn_id IN (900001, 900002)")).ShouldBe(2);
        result.Report.Result.ShouldBe("COMMITTED", result.Report.Message);
        (await CopyExistsAsync(target, result.Report.Copy.Location)).ShouldBeFalse("the copy is removed without --keep");
    }

    [Fact]
    public async Task a_dry_run_whose_pre_flight_refuses_the_source_is_do_not_proceed_leaves_production_untouched_and_removes_its_copy()
    {
        await using var target = targets();
        await using var host = await OperationsHost.StartAsync(target);
        var admin = await SetUpAsync(host);
        // February's last premium no longer splits into its funds: invalid input for pre-flight.
        await target.ExecuteAsync("UPDATE premium_transaction SET fund_ujroh = fund_ujroh + fund_tabarru WHERE txn_id = (SELECT max(txn_id) FROM premium_transaction)");
        var before = await TableDigest.OfAsync(target, TablesSql, "audit_");

        var result = await host.Get<DryRunOperations>().RunAsync(admin, Request(target, keep: false), null, Ct);

        result.Report.Result.ShouldBe("INVALID_SOURCE");
        result.Report.Recommendation.Verdict.ShouldBe("DO NOT PROCEED");
        result.Report.Recommendation.Reasons.ShouldHaveSingleItem().ShouldContain("invalid source");
        TableDigest.Changed(before, await TableDigest.OfAsync(target, TablesSql, "audit_")).ShouldBe(["dry_runs"]);
        (await CopyExistsAsync(target, result.Report.Copy.Location)).ShouldBeFalse("the copy is removed");
        (await host.Get<IDryRunRecords>().LastDryRunAsync(February, Ct)).ShouldNotBeNull().Recommendation.ShouldBe("DO NOT PROCEED");
    }

    [Fact]
    public async Task a_dry_run_of_a_committed_period_is_do_not_proceed_without_copying_anything()
    {
        await using var target = targets();
        await using var host = await OperationsHost.StartAsync(target);
        var admin = await SetUpAsync(host);

        var result = await host.Get<DryRunOperations>().RunAsync(admin, Request(target, keep: false) with { Run = Run(January) }, null, Ct);

        result.Report.Recommendation.Verdict.ShouldBe("DO NOT PROCEED");
        result.Report.Message.ShouldContain("2025-01-MONTHEND");
        result.Report.Copy.Location.ShouldBe("none");
        var noWorkers = Request(target, keep: false) with { Run = Run(February) with { Settings = Settings with { Workers = 0 } } };
        (await Should.ThrowAsync<InvalidArgumentException>(() => host.Get<DryRunOperations>().RunAsync(admin, noWorkers, null, Ct)))
            .Message.ShouldContain("--workers");
    }

    protected DryRunRequest Request(IStoreTarget target, bool keep) => new(Run(February), CopyOptions(target), keep);

    private static RunRequest Run(Period period) => new(period, null, Rules, "", Settings);

    /// <summary>January committed in production, February's source waiting.</summary>
    protected static async Task<Caller> SetUpAsync(OperationsHost host)
    {
        var admin = await host.UserAsync("admin", Role.BatchAdmin);
        var source = host.Get<SourceOperations>();
        await source.GenerateAsync(admin, January, 100, 10, 7, Rules, Ct);
        var january = await host.Get<BatchOperations>().RunAsync(admin, Run(January), null, Ct);
        january.Outcome.Result.ShouldBe(RunResult.Committed, january.Outcome.Message);
        await source.GenerateAsync(admin, February, FebruaryPremiums, FebruaryClaims, 8, Rules, Ct);
        return admin;
    }

    protected static async Task<List<AuditEntry>> ReadAfterAsync(OperationsHost host, long after)
    {
        var rows = new List<AuditEntry>();
        await foreach (var row in host.Get<IAuditStore>().ReadAuditAsync(new AuditQuery(AfterId: after), Ct))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Runs on the reporting thread, in the middle of the copy or the batch.</summary>
    private sealed class Callback(Action<DryRunProgress> report) : IProgress<DryRunProgress>
    {
        public void Report(DryRunProgress value) => report(value);
    }
}
