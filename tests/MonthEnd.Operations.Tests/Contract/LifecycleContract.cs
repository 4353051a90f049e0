using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using MonthEnd.Core.Approvals;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Rollback;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Approvals;
using MonthEnd.Operations.Audit;
using MonthEnd.Operations.Batches;
using MonthEnd.Operations.Periods;
using MonthEnd.Operations.Rollback;
using MonthEnd.Operations.Source;
using MonthEnd.Store.Tests.Contract;
using Shouldly;
using Xunit;

namespace MonthEnd.Operations.Tests.Contract;

/// <summary>
/// Accounting periods and rollbacks through the operations layer, on each store: the four-eyes rule,
/// the refusals the database itself enforces, and a committed rollback that leaves the ledger, the
/// funds and the source exactly as they were before the batch's commit.
/// </summary>
public abstract class LifecycleContract(Func<IStoreTarget> targets)
{
    private static readonly Period January = new(2025, 1);
    private static readonly Period February = new(2025, 2);
    private static readonly RuleSet Rules = RuleSetLoader.LoadDefault();
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>What a committed batch changes, minus who/when columns: the ledger, the fund amounts, the source flags.</summary>
    private static readonly string[] StateQueries =
    [
        "SELECT je_id, je_date, je_type, reference_type, reference_id, total_debit, total_credit, template_code, batch_id FROM journal_entry_header ORDER BY je_id",
        "SELECT je_id, line_number, account_code, fund_type, debit_amount, credit_amount FROM journal_entry_line ORDER BY je_id, line_number",
        "SELECT fund_type, current_balance FROM fund_balance ORDER BY fund_type",
        "SELECT txn_id, batch_processed, batch_id, je_created_at FROM premium_transaction ORDER BY txn_id",
        "SELECT claim_id, batch_processed, batch_id, je_created_at FROM claims_transaction ORDER BY claim_id",
    ];

    [Fact]
    public async Task closing_a_period_takes_a_second_admin_then_refuses_its_batch_and_reopening_lets_it_run()
    {
        await using var target = targets();
        await using var host = await OperationsHost.StartAsync(target);
        var (alice, bob) = await AdminsAsync(host);
        await host.Get<SourceOperations>().GenerateAsync(alice, January, 30, 3, 5, Rules, Ct);
        var periods = host.Get<PeriodOperations>();

        var request = await periods.RequestCloseAsync(alice, January, "books of January are final", Ct);
        (await host.Store.GetPeriodAsync(January, Ct)).Status.ShouldBe(PeriodStatus.Open, "a request alone changes nothing");
        await Should.ThrowAsync<ApprovalStateException>(() => host.Get<ApprovalOperations>().ApproveAsync(alice, request.RequestId, Ct));
        await host.Get<ApprovalOperations>().ApproveAsync(bob, request.RequestId, Ct);

        var closed = await host.Store.GetPeriodAsync(January, Ct);
        closed.Status.ShouldBe(PeriodStatus.Closed);
        closed.ChangedBy.ShouldBe("bob");
        closed.Reason.ShouldBe("books of January are final");
        var refused = await RunAsync(host, alice, January);
        refused.Outcome.Result.ShouldBe(RunResult.Refused);
        refused.Outcome.Message.ShouldContain("closed");
        (await target.CountAsync("SELECT count(*) FROM staging_month_end_master")).ShouldBe(0, "nothing was planned");
        (await periods.ListAsync(alice, Ct)).Single(p => p.Period.Period == January).Period.IsClosed.ShouldBeTrue();

        var reopen = await periods.RequestReopenAsync(bob, January, "late premium found", Ct);
        await host.Get<ApprovalOperations>().ApproveAsync(alice, reopen.RequestId, Ct);
        (await RunAsync(host, alice, January)).Outcome.Result.ShouldBe(RunResult.Committed);
    }

    [Fact]
    public async Task a_period_with_an_open_batch_is_not_closed_and_the_database_refuses_a_batch_in_a_closed_period()
    {
        await using var target = targets();
        await using var host = await OperationsHost.StartAsync(target);
        var (alice, bob) = await AdminsAsync(host);
        await host.Get<SourceOperations>().GenerateAsync(alice, January, 30, 3, 5, Rules, Ct);
        await host.Store.SaveRuleSetAsync(Rules, alice.User, Ct);
        var (planned, _) = await new Preflight(host.Store).PlanAsync(Request(alice, January), "2025-01-MONTHEND", Ct);
        planned.ShouldNotBeNull();

        var request = await host.Get<PeriodOperations>().RequestCloseAsync(alice, January, "too early", Ct);
        var failure = await Should.ThrowAsync<PeriodStateException>(() => host.Get<ApprovalOperations>().ApproveAsync(bob, request.RequestId, Ct));
        failure.Message.ShouldContain("2025-01-MONTHEND");
        (await host.Store.GetPeriodAsync(January, Ct)).Status.ShouldBe(PeriodStatus.Open);
        (await host.Get<IApprovalStore>().FindRequestAsync(request.RequestId, Ct))!.Status.ShouldBe(ApprovalStatus.Failed);

        // Past every check of the application, straight to the store: the database's own guard refuses.
        await target.ExecuteAsync(
            "INSERT INTO accounting_period (period, status, changed_at, changed_by, reason) VALUES ('2025-02', 'CLOSED', '2025-03-01T00:00:00.000000Z', 'x', 'by hand')");
        await host.Get<SourceOperations>().GenerateAsync(alice, February, 10, 1, 6, Rules, Ct);
        var plan = BatchPlanner.Plan("2025-02-MONTHEND", February, Rules, await ScanAsync(host.Store, February, planned.Sequence.Last + 1),
            planned.Sequence.Last + 1, 1, 100, alice.User);
        await Should.ThrowAsync<PeriodStateException>(() => host.Store.CreateBatchAsync(plan, planned.RuleSetId, Ct));
        (await target.CountAsync("SELECT count(*) FROM staging_month_end_master WHERE period = '2025-02'")).ShouldBe(0);
    }

    [Fact]
    public async Task an_uncommitted_batch_is_rolled_back_at_once_with_its_reason_and_the_period_runs_again()
    {
        await using var target = targets();
        await using var host = await OperationsHost.StartAsync(target);
        var (alice, _) = await AdminsAsync(host);
        await host.Get<SourceOperations>().GenerateAsync(alice, January, 30, 3, 5, Rules, Ct);
        await host.Store.SaveRuleSetAsync(Rules, alice.User, Ct);
        var before = await StateAsync(target);
        var (planned, _) = await new Preflight(host.Store).PlanAsync(Request(alice, January), "2025-01-MONTHEND", Ct);

        var result = await host.Get<RollbackOperations>().RollbackAsync(alice, planned!.BatchId, "wrong rules version loaded", confirm: false, Ct);

        result.Request.ShouldBeNull();
        result.RolledBack!.Status.ShouldBe(BatchStatus.RolledBack);
        result.RolledBack.FailureReason!.ShouldContain("wrong rules version loaded");
        (await StateAsync(target)).ShouldBe(before);
        await Should.ThrowAsync<RollbackRefusedException>(() => host.Get<RollbackOperations>().RollbackAsync(alice, planned.BatchId, "again", false, Ct));
        var rerun = await RunAsync(host, alice, January);
        rerun.Outcome.Result.ShouldBe(RunResult.Committed);
        rerun.Outcome.Batch!.BatchId.ShouldBe("2025-01-MONTHEND-R2");
    }

    [Fact]
    public async Task a_committed_rollback_takes_a_second_admin_backs_up_first_and_leaves_ledger_funds_and_source_as_before_the_commit()
    {
        await using var target = targets();
        await using var host = await OperationsHost.StartAsync(target);
        var (alice, bob) = await AdminsAsync(host);
        await host.Get<SourceOperations>().GenerateAsync(alice, January, 60, 6, 9, Rules, Ct);
        var before = await StateAsync(target);
        var committed = (await RunAsync(host, alice, January)).Outcome.Batch!;
        committed.Status.ShouldBe(BatchStatus.Committed);
        var entries = await target.CountAsync("SELECT count(*) FROM journal_entry_header");
        var lines = await target.CountAsync("SELECT count(*) FROM journal_entry_line");
        var rollbacks = host.Get<RollbackOperations>();

        await Should.ThrowAsync<OperationRefusedException>(() => rollbacks.RollbackAsync(alice, committed.BatchId, "no confirm", confirm: false, Ct));
        var request = (await rollbacks.RollbackAsync(alice, committed.BatchId, "CFO: wrong allocation table", confirm: true, Ct)).Request!;
        (await StateAsync(target)).ShouldNotBe(before, "a request alone changes nothing");
        await Should.ThrowAsync<ApprovalStateException>(() => host.Get<ApprovalOperations>().ApproveAsync(alice, request.RequestId, Ct));
        var approved = await host.Get<ApprovalOperations>().ApproveAsync(bob, request.RequestId, Ct);

        approved.Status.ShouldBe(ApprovalStatus.Executed);
        approved.Outcome!.ShouldContain("integrity check PASS");
        (await StateAsync(target)).ShouldBe(before);
        (await host.Store.FindBatchAsync(committed.BatchId, Ct))!.Status.ShouldBe(BatchStatus.RolledBack);

        var backup = Directory.GetFiles(host.BackupDirectory, "*.jsonl.gz").ShouldHaveSingleItem();
        var sha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(backup)));
        (await File.ReadAllTextAsync(backup + ".sha256")).ShouldStartWith(sha);
        var tables = BackupRowsPerTable(backup);
        tables["journal_entry_header"].ShouldBe(entries);
        tables["journal_entry_line"].ShouldBe(lines);
        tables["premium_transaction"].ShouldBe(committed.PremiumCount);
        tables["claims_transaction"].ShouldBe(committed.ClaimCount);

        var audit = await host.Get<AuditOperations>().VerifyAsync(await host.UserAsync("audra", Role.Auditor), null, Ct);
        audit.Intact.ShouldBeTrue(string.Join("; ", audit.Seals.Where(s => !s.Intact).Select(s => s.Summary())));
        audit.RolledBack.ShouldBe([committed.BatchId]);

        var rerun = (await RunAsync(host, alice, January)).Outcome.Batch!;
        rerun.Status.ShouldBe(BatchStatus.Committed);
        rerun.Sequence.ShouldBe(committed.Sequence, "the period runs again on the same, gap-free JE numbers");
    }

    [Fact]
    public async Task only_the_latest_committed_batch_is_rolled_back_and_an_earlier_one_is_pointed_to_reversal()
    {
        await using var target = targets();
        await using var host = await OperationsHost.StartAsync(target);
        var (alice, _) = await AdminsAsync(host);
        await host.Get<SourceOperations>().GenerateAsync(alice, January, 20, 2, 5, Rules, Ct);
        await host.Get<SourceOperations>().GenerateAsync(alice, February, 20, 2, 6, Rules, Ct);
        var january = (await RunAsync(host, alice, January)).Outcome.Batch!;
        (await RunAsync(host, alice, February)).Outcome.Result.ShouldBe(RunResult.Committed);
        var state = await StateAsync(target);

        var refusal = await Should.ThrowAsync<OperationRefusedException>(
            () => host.Get<RollbackOperations>().RollbackAsync(alice, january.BatchId, "wrong", confirm: true, Ct));

        refusal.Message.ShouldContain("reverse");
        (await StateAsync(target)).ShouldBe(state);
        (await host.Get<IApprovalStore>().ListRequestsAsync(null, DateTimeOffset.UtcNow, 10, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task preflight_fails_each_check_for_its_own_reason_and_leaves_nothing_behind()
    {
        await using var target = targets();
        await using var host = await OperationsHost.StartAsync(target);
        var (alice, bob) = await AdminsAsync(host);
        await host.Get<SourceOperations>().GenerateAsync(alice, January, 20, 2, 5, Rules, Ct);
        await host.Get<SourceOperations>().GenerateAsync(alice, February, 20, 2, 6, Rules, Ct);
        var preflight = host.Get<Preflights.PreflightOperations>();

        var early = await preflight.CheckAsync(alice, February, Rules, Ct);
        Verdicts(early)["PRIOR_PERIOD_POSTED"].ShouldBe(CheckVerdict.Fail);
        early.Passed.ShouldBeFalse();

        (await RunAsync(host, alice, January)).Outcome.Result.ShouldBe(RunResult.Committed);
        await target.ExecuteAsync($"INSERT INTO premium_transaction (txn_id, payment_date, premium_amount, status) VALUES (999999, NULL, {target.Literal(new Core.Accounting.Money(100))}, 'PAID')");
        var broken = await preflight.CheckAsync(alice, February, Rules, Ct);
        Verdicts(broken)["PRIOR_PERIOD_POSTED"].ShouldBe(CheckVerdict.Pass);
        Verdicts(broken)["SOURCE_VALID"].ShouldBe(CheckVerdict.Fail);
        broken.Checks.Single(c => c.Name == "SOURCE_VALID").Reason.ShouldContain("999999");

        await target.ExecuteAsync("DELETE FROM premium_transaction WHERE txn_id = 999999");
        var ready = await preflight.CheckAsync(alice, February, Rules, Ct);
        ready.Checks.ShouldAllBe(c => c.Verdict != CheckVerdict.Fail);
        ready.Passed.ShouldBeTrue();
        ready.Checks.Single(c => c.Name == "DATABASE_WRITABLE").Reason.ShouldContain("rows/s");
        Verdicts(ready)["DISK_SPACE"].ShouldNotBe(CheckVerdict.Fail);

        var close = await host.Get<PeriodOperations>().RequestCloseAsync(alice, February, "test", Ct);
        await host.Get<ApprovalOperations>().ApproveAsync(bob, close.RequestId, Ct);
        Verdicts(await preflight.CheckAsync(alice, February, Rules, Ct))["PERIOD_OPEN"].ShouldBe(CheckVerdict.Fail);
        (await target.CountAsync("SELECT count(*) FROM staging_month_end_master WHERE period = '2025-02'")).ShouldBe(0);
    }

    private static Dictionary<string, CheckVerdict> Verdicts(PreflightReport report) => report.Checks.ToDictionary(c => c.Name, c => c.Verdict);

    private static async Task<(Caller Alice, Caller Bob)> AdminsAsync(OperationsHost host) =>
        (await host.UserAsync("alice", Role.BatchAdmin), await host.UserAsync("bob", Role.BatchAdmin));

    private static RunRequest Request(Caller caller, Period period) =>
        new(period, null, Rules, caller.User, new RunSettings { Workers = 2, ChunkSize = 7, PollInterval = TimeSpan.FromMilliseconds(20) });

    private static Task<BatchRunResult> RunAsync(OperationsHost host, Caller caller, Period period) =>
        host.Get<BatchOperations>().RunAsync(caller, Request(caller, period), null, Ct);

    private static async Task<Core.Source.SourceScanResult> ScanAsync(IMonthEndStore store, Period period, long firstJe) =>
        await store.ReadSourceSnapshotAsync(period, (source, c) =>
            Core.Source.SourcePass.ScanAsync(source, Rules, 100, 100, null, firstJe, c), Ct);

    private static async Task<string> StateAsync(IStoreTarget target)
    {
        var text = new System.Text.StringBuilder();
        foreach (var sql in StateQueries)
        {
            foreach (var row in await target.RowsAsync(sql))
            {
                text.AppendJoin('|', row.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "∅")).Append('\n');
            }

            text.Append("--\n");
        }

        return text.ToString();
    }

    private static Dictionary<string, long> BackupRowsPerTable(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        JsonDocument.Parse(reader.ReadLine()!).RootElement.GetProperty("format").GetString().ShouldBe(RollbackBackup.Format);
        var counts = new Dictionary<string, long>();
        string? table = null;
        while (reader.ReadLine() is { } line)
        {
            using var json = JsonDocument.Parse(line);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                table = json.RootElement.GetProperty("table").GetString()!;
                counts[table] = 0;
            }
            else
            {
                counts[table!]++;
            }
        }

        return counts;
    }
}
