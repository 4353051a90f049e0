using System.Globalization;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Approvals;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Reversal;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Validation;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Approvals;
using MonthEnd.Operations.Audit;
using MonthEnd.Operations.Batches;
using MonthEnd.Operations.Periods;
using MonthEnd.Operations.Reversal;
using MonthEnd.Operations.Rollback;
using MonthEnd.Operations.Source;
using MonthEnd.Store.Tests.Contract;
using Shouldly;
using Xunit;

namespace MonthEnd.Operations.Tests.Contract;

/// <summary>
/// Reversal by compensating entries, on each store: every entry of the reversed batch has exactly one
/// mirror (compared entry by entry and line by line with an oracle written here, not with totals), the
/// funds go back, the batch is REVERSED once, and a staged mirror edited by hand posts nothing.
/// </summary>
public abstract class ReversalContract(Func<IStoreTarget> targets)
{
    private static readonly Period January = new(2025, 1);
    private static readonly Period February = new(2025, 2);
    private static readonly RuleSet Rules = RuleSetLoader.LoadDefault();
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>The commit step that says staging was proven by its chunks' seals, on a store that seals a reversal's chunks.</summary>
    protected virtual string? SealedStep => null;

    private void ShouldBeSealed(CommitOutcome outcome, bool proven)
    {
        if (SealedStep is { } step)
        {
            outcome.Steps.Any(s => s.Step.StartsWith(step, StringComparison.Ordinal)).ShouldBe(proven,
                $"proven by the chunk seals: {proven}; steps: {string.Join(", ", outcome.Steps.Select(s => s.Step))}");
        }
    }

    [Fact]
    public async Task a_reversal_takes_a_second_admin_and_posts_every_entry_mirrored_dated_and_linked_beside_its_periods_committed_batch()
    {
        await using var target = targets();
        await using var host = await OperationsHost.StartAsync(target);
        var (alice, bob) = await AdminsAsync(host);
        await host.Get<SourceOperations>().GenerateAsync(alice, January, 40, 5, 11, Rules, Ct);
        var fundsBefore = await host.Store.GetFundBalancesAsync(Ct);
        var january = (await RunAsync(host, alice, January)).Outcome.Batch!;
        var originals = await HeadersAsync(target, january.BatchId);
        var originalLines = await LinesAsync(target, january.Sequence);
        var flags = await FlagsAsync(target);
        var date = new DateOnly(2025, 1, 31);

        var request = await host.Get<ReversalOperations>().RequestAsync(alice, january.BatchId, "2025-01-31", false, "wrong product table", Ct);
        (await target.CountAsync("SELECT count(*) FROM staging_month_end_master")).ShouldBe(1, "a request alone plans nothing");
        await Should.ThrowAsync<ApprovalStateException>(() => host.Get<ApprovalOperations>().ApproveAsync(alice, request.RequestId, Ct));
        var approved = await host.Get<ApprovalOperations>().ApproveAsync(bob, request.RequestId, Ct);

        approved.Status.ShouldBe(ApprovalStatus.Executed);
        (await host.Store.FindBatchAsync(january.BatchId, Ct))!.Status.ShouldBe(BatchStatus.Reversed);
        var reversal = (await host.Store.ListBatchesAsync(January, 10, Ct)).Single(b => b.Kind == BatchKind.Reversal);
        reversal.Status.ShouldBe(BatchStatus.Committed);
        reversal.ReversesBatchId.ShouldBe(january.BatchId);
        reversal.Sequence.First.ShouldBe(january.Sequence.Last + 1, "numbered after the ledger's last entry");
        var offset = reversal.Sequence.First - january.Sequence.First;

        (await HeadersAsync(target, reversal.BatchId)).ShouldBe([.. originals.Select(o => Mirror(o, offset))]);
        (await LinesAsync(target, reversal.Sequence)).ShouldBe([.. originalLines.Select(l => Mirror(l, offset))]);
        (await target.CountAsync($"SELECT count(*) FROM journal_entry_header WHERE batch_id = @id AND je_date = {target.Literal(date)}", new { id = reversal.BatchId }))
            .ShouldBe(originals.Count);
        (await HeadersAsync(target, january.BatchId)).ShouldBe(originals, "the reversed entries stay as they were");
        (await host.Store.GetFundBalancesAsync(Ct)).ToString().ShouldBe(fundsBefore.ToString());
        (await FlagsAsync(target)).ShouldBe(flags, "without --reset-source the source stays posted by the reversed batch");

        var again = await Should.ThrowAsync<OperationRefusedException>(
            () => host.Get<ReversalOperations>().RequestAsync(bob, january.BatchId, "2025-02-01", false, "twice", Ct));
        again.Message.ShouldContain("REVERSED already");
        var audit = await host.Get<AuditOperations>().VerifyAsync(await host.UserAsync("audra", Role.Auditor), null, Ct);
        audit.Intact.ShouldBeTrue(string.Join("; ", audit.Seals.Where(s => !s.Intact).Select(s => s.Summary())));
        audit.Seals.Count.ShouldBe(2, "the batch and its reversal are both sealed");

        var ledger = await target.LedgerRowsAsync();
        (await Should.ThrowAsync<OperationRefusedException>(() => host.Get<RollbackOperations>().RollbackAsync(alice, reversal.BatchId, "undo", confirm: true, Ct)))
            .Message.ShouldContain("REVERSAL batch");
        var run = await host.Get<BatchOperations>().RunAsync(alice, new RunRequest(January, reversal.BatchId, Rules, alice.User, new RunSettings { Workers = 1 }), null, Ct);
        run.Outcome.Result.ShouldBe(RunResult.Refused);
        run.Outcome.Message.ShouldContain("approving a new reversal request");
        (await target.LedgerRowsAsync()).ShouldBe(ledger);
    }

    [Fact]
    public async Task with_reset_source_the_rows_become_eligible_and_the_period_posts_them_again_while_the_next_period_runs_beside_the_reversal()
    {
        await using var target = targets();
        await using var host = await OperationsHost.StartAsync(target);
        var (alice, bob) = await AdminsAsync(host);
        await host.Get<SourceOperations>().GenerateAsync(alice, January, 25, 3, 12, Rules, Ct);
        await host.Get<SourceOperations>().GenerateAsync(alice, February, 15, 2, 13, Rules, Ct);
        var january = (await RunAsync(host, alice, January)).Outcome.Batch!;
        var originals = await HeadersAsync(target, january.BatchId);

        var request = await host.Get<ReversalOperations>().RequestAsync(alice, january.BatchId, "2025-02-03", true, "rerun with the new table", Ct);
        (await host.Get<ApprovalOperations>().ApproveAsync(bob, request.RequestId, Ct)).Outcome!.ShouldContain("eligible");

        (await target.CountAsync($"SELECT count(*) FROM premium_transaction WHERE batch_id = @id OR {target.Processed}", new { id = january.BatchId })).ShouldBe(0);
        var february = (await RunAsync(host, alice, February)).Outcome;
        february.Result.ShouldBe(RunResult.Committed, february.Message);
        var rerun = (await RunAsync(host, alice, January)).Outcome;
        rerun.Result.ShouldBe(RunResult.Committed, rerun.Message);
        rerun.Batch!.BatchId.ShouldBe("2025-01-MONTHEND-R2");
        var reposted = await HeadersAsync(target, rerun.Batch.BatchId);
        reposted.Select(h => (h.Type, h.Reference, h.Template, h.Debit)).ShouldBe(originals.Select(h => (h.Type, h.Reference, h.Template, h.Debit)),
            "the same records post the same entries again");
    }

    [Fact]
    public async Task a_mirror_edited_in_staging_fails_the_reversal_naming_the_entry_and_column_and_posts_nothing_until_it_is_rolled_back_and_run_again()
    {
        await using var target = targets();
        await using var host = await OperationsHost.StartAsync(target);
        var (alice, _) = await AdminsAsync(host);
        await host.Get<SourceOperations>().GenerateAsync(alice, January, 20, 2, 14, Rules, Ct);
        var january = (await RunAsync(host, alice, January)).Outcome.Batch!;
        var reversals = host.Get<IBatchReversal>();
        var ledger = await target.LedgerRowsAsync();

        var staged = await reversals.StageReversalAsync(
            await reversals.PlanReversalAsync(new ReversalRequest(january.BatchId, new DateOnly(2025, 2, 1), false, alice.User), Ct), Ct);
        var victim = staged.Batch.Sequence.First + 7;
        // Balanced and every total unchanged: only the account of one line moves to another the chart holds.
        await target.ExecuteOnStagingAsync(staged.Batch, 1, "UPDATE {line} SET account_code = '5101' WHERE je_id = @je AND line_number = 1", new { je = victim });
        var outcome = await reversals.CommitReversalAsync(staged, alice.User, Ct);

        outcome.Batch.Status.ShouldBe(BatchStatus.Failed);
        ShouldBeSealed(outcome, proven: false);
        var content = outcome.Report.Checks.Single(c => c.Code == CheckCode.EntryContent);
        content.Passed.ShouldBeFalse();
        content.Message.ShouldContain($"JE {victim}");
        content.Message.ShouldContain("account_code");
        outcome.Report.Checks.Where(c => c.Code != CheckCode.EntryContent).ShouldAllBe(c => c.Passed);
        (await target.LedgerRowsAsync()).ShouldBe(ledger);
        (await host.Store.FindBatchAsync(january.BatchId, Ct))!.Status.ShouldBe(BatchStatus.Committed);

        var refused = await Should.ThrowAsync<ReversalRefusedException>(
            () => reversals.PlanReversalAsync(new ReversalRequest(january.BatchId, new DateOnly(2025, 2, 1), false, alice.User), Ct));
        refused.Message.ShouldContain("roll that back");
        await host.Get<RollbackOperations>().RollbackAsync(alice, staged.BatchId, "staging tampered with", false, Ct);
        var retried = await reversals.PlanReversalAsync(new ReversalRequest(january.BatchId, new DateOnly(2025, 2, 1), false, alice.User), Ct);
        retried.BatchId.ShouldNotBe(staged.BatchId);
        var committed = await reversals.CommitReversalAsync(await reversals.StageReversalAsync(retried, Ct), alice.User, Ct);
        committed.Batch.Status.ShouldBe(BatchStatus.Committed, committed.Report.Summary());
        ShouldBeSealed(committed, proven: true);
    }

    [Fact]
    public async Task an_original_line_changed_by_hand_in_the_ledger_is_mirrored_as_the_ledger_holds_it_and_funds_follow_only_what_was_posted()
    {
        await using var target = targets();
        await using var host = await OperationsHost.StartAsync(target);
        var (alice, _) = await AdminsAsync(host);
        await host.Get<SourceOperations>().GenerateAsync(alice, January, 30, 3, 16, Rules, Ct);
        var january = (await RunAsync(host, alice, January)).Outcome.Batch!;
        var victim = january.Sequence.First + 11;
        // A DBA's "fix" after the commit: the account of one line moved, amounts untouched (audit verify names it; the reversal must not hide it).
        await target.ExecuteAsync("UPDATE journal_entry_line SET account_code = '5101' WHERE je_id = @je AND line_number = 1", new { je = victim });
        var originals = await HeadersAsync(target, january.BatchId);
        var originalLines = await LinesAsync(target, january.Sequence);
        var reversals = host.Get<IBatchReversal>();

        var planned = await reversals.PlanReversalAsync(new ReversalRequest(january.BatchId, new DateOnly(2025, 1, 31), false, alice.User), Ct);
        var outcome = await reversals.CommitReversalAsync(await reversals.StageReversalAsync(planned, Ct), alice.User, Ct);

        outcome.Batch.Status.ShouldBe(BatchStatus.Committed, outcome.Report.Summary());
        ShouldBeSealed(outcome, proven: false);
        var offset = outcome.Batch.Sequence.First - january.Sequence.First;
        (await HeadersAsync(target, outcome.Batch.BatchId)).ShouldBe([.. originals.Select(o => Mirror(o, offset))]);
        (await LinesAsync(target, outcome.Batch.Sequence)).ShouldBe([.. originalLines.Select(l => Mirror(l, offset))],
            "every mirror is the mirror of the ledger row as it stands, the changed one too");
    }

    [Fact]
    public async Task a_reversal_is_refused_into_a_closed_period_before_the_batch_for_a_reversal_and_for_a_bad_date_but_not_for_the_batchs_closed_period()
    {
        await using var target = targets();
        await using var host = await OperationsHost.StartAsync(target);
        var (alice, bob) = await AdminsAsync(host);
        await host.Get<SourceOperations>().GenerateAsync(alice, January, 12, 2, 15, Rules, Ct);
        var january = (await RunAsync(host, alice, January)).Outcome.Batch!;
        var reversals = host.Get<ReversalOperations>();
        foreach (var period in new[] { January, February })
        {
            await host.Get<ApprovalOperations>().ApproveAsync(bob, (await host.Get<PeriodOperations>().RequestCloseAsync(alice, period, "closed", Ct)).RequestId, Ct);
        }

        var state = await target.LedgerRowsAsync();
        (await Should.ThrowAsync<OperationRefusedException>(() => reversals.RequestAsync(alice, january.BatchId, "2025-02-10", false, "x", Ct)))
            .Message.ShouldContain("period 2025-02 of the reversal date 2025-02-10 is closed");
        (await Should.ThrowAsync<OperationRefusedException>(() => reversals.RequestAsync(alice, january.BatchId, "2024-12-31", false, "x", Ct)))
            .Message.ShouldContain("before the batch's period");
        (await Should.ThrowAsync<InvalidArgumentException>(() => reversals.RequestAsync(alice, january.BatchId, "2025-02-30", false, "x", Ct)))
            .Message.ShouldContain("--date");
        (await Should.ThrowAsync<OperationRefusedException>(() => reversals.RequestAsync(alice, "NO-SUCH-BATCH", "2025-03-01", false, "x", Ct)))
            .Message.ShouldContain("no batch");
        (await target.LedgerRowsAsync()).ShouldBe(state);

        // The batch's own period is closed: its entries stay, the mirror goes into March.
        var approved = await host.Get<ApprovalOperations>().ApproveAsync(bob,
            (await reversals.RequestAsync(alice, january.BatchId, "2025-03-01", false, "found after the close", Ct)).RequestId, Ct);
        approved.Status.ShouldBe(ApprovalStatus.Executed);
        var reversal = (await host.Store.ListBatchesAsync(new Period(2025, 3), 10, Ct)).Single();
        (await Should.ThrowAsync<OperationRefusedException>(() => reversals.RequestAsync(alice, reversal.BatchId, "2025-03-02", false, "x", Ct)))
            .Message.ShouldContain("a reversal is not reversed");
    }

    /// <summary>An entry as the test compares it: number, type, reference, template, description, amounts in sen, link.</summary>
    private sealed record Header(long Je, string Type, string Reference, string Template, string? Description, long Debit, long Credit, long? Reverses);

    private sealed record Line(long Je, long Number, string Account, string? Fund, long Debit, long Credit, string? Description);

    /// <summary>The oracle: what reversing an entry must make of it.</summary>
    private static Header Mirror(Header o, long offset) =>
        new(o.Je + offset, o.Type, o.Reference, o.Template, $"Reversal of JE {o.Je}" + (o.Description is null ? "" : ": " + o.Description), o.Credit, o.Debit, o.Je);

    private static Line Mirror(Line o, long offset) => o with { Je = o.Je + offset, Debit = o.Credit, Credit = o.Debit };

    private static async Task<List<Header>> HeadersAsync(IStoreTarget target, string batchId) =>
        [.. (await target.RowsAsync($"""
            SELECT je_id, je_type, reference_type, reference_id, template_code, description, {target.InSen("total_debit")}, {target.InSen("total_credit")}, reverses_je_id
            FROM journal_entry_header WHERE batch_id = @batchId ORDER BY je_id
            """, new { batchId })).Select(r => new Header(
            Long(r[0]), (string)r[1]!, $"{r[2]} {Long(r[3])}", (string)r[4]!, r[5] as string, Long(r[6]), Long(r[7]), r[8] is null ? null : Long(r[8])))];

    private static async Task<List<Line>> LinesAsync(IStoreTarget target, MonthEnd.Core.Planning.SequenceRange range) =>
        [.. (await target.RowsAsync($"""
            SELECT je_id, line_number, account_code, fund_type, {target.InSen("debit_amount")}, {target.InSen("credit_amount")}, description
            FROM journal_entry_line WHERE je_id BETWEEN @first AND @last ORDER BY je_id, line_number
            """, new { first = range.First, last = range.Last })).Select(r => new Line(
            Long(r[0]), Long(r[1]), (string)r[2]!, r[3] as string, Long(r[4]), Long(r[5]), r[6] as string))];

    private static async Task<List<string>> FlagsAsync(IStoreTarget target) =>
        [.. (await target.RowsAsync("""
            SELECT 'P' || txn_id || ':' || coalesce(batch_id, '') FROM premium_transaction
            UNION ALL SELECT 'C' || claim_id || ':' || coalesce(batch_id, '') FROM claims_transaction
            """)).Select(r => (string)r[0]!).Order(StringComparer.Ordinal)];

    private static long Long(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static async Task<(Caller Alice, Caller Bob)> AdminsAsync(OperationsHost host) =>
        (await host.UserAsync("alice", Role.BatchAdmin), await host.UserAsync("bob", Role.BatchAdmin));

    private static Task<BatchRunResult> RunAsync(OperationsHost host, Caller caller, Period period) =>
        host.Get<BatchOperations>().RunAsync(caller,
            new RunRequest(period, null, Rules, caller.User, new RunSettings { Workers = 2, ChunkSize = 7, PollInterval = TimeSpan.FromMilliseconds(20) }), null, Ct);
}
