using CsCheck;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Validation;

namespace MonthEnd.Store.Tests.Contract;

/// <summary>
/// Random source months, each on a database of its own: valid rows mixed with rows broken in a
/// column, rows of another period or in a status that is not posted, and now and then a hand edit
/// to staging before the commit. Each month must either be refused naming every broken record, or
/// fail validation with nothing written, or commit a ledger that this test's own oracle (the entries
/// worked out here from the rows it generated, compared with the ledger read back in plain SQL)
/// agrees with entry by entry and line by line.
/// </summary>
public abstract class RandomMonthContract(Func<IStoreTarget> targets) : StoreContract(targets)
{
    /// <summary>Months per store in the normal suite: each builds a database, so they are few; raise locally to hunt.</summary>
    private const int MonthsPerRun = 12;

    [Fact]
    public async Task a_random_month_is_refused_naming_every_broken_record_or_committed_as_the_oracle_posts_it()
    {
        await RandomMonth.Months.SampleAsync(CheckMonthAsync, iter: MonthsPerRun, threads: 1, print: m => m.Describe());
    }

    private async Task CheckMonthAsync(RandomMonth month)
    {
        await using var target = Targets();
        await using var store = await target.CreateStoreAsync();
        if (month.December)
        {
            await store.AppendSourceAsync([RandomMonth.DecemberPremium], [RandomMonth.DecemberClaim], Ct);
            (await new MonthEndRunner(store).RunAsync(new RunRequest(new Period(2024, 12), null, Rules, "random-month", Settings), Ct))
                .Result.ShouldBe(RunResult.Committed);
        }

        var fundsBefore = await store.GetFundBalancesAsync(Ct);
        await store.AppendSourceAsync(month.Premiums.Select(p => p.Record), month.Claims.Select(c => c.Record), Ct);
        var request = new RunRequest(January, null, Rules, "random-month", Settings);

        var (batch, refusal) = await new Preflight(store).PlanAsync(request, BatchId.DefaultFor(January), Ct);

        if (month.Broken.Count > 0)
        {
            refusal.ShouldNotBeNull().Result.ShouldBe(RunResult.InvalidSource);
            var named = refusal.InvalidSource!.FirstViolations.Select(v => v.Record).ToHashSet();
            month.Broken.Where(r => r.Id is not null).ShouldAllBe(r => named.Contains(r.Name));
            named.Count(n => n.Contains("NULL)", StringComparison.Ordinal)).ShouldBe(month.Broken.Count(r => r.Id is null));
            (await store.ListBatchesAsync(January, 10, Ct)).ShouldBeEmpty();
            return;
        }

        if (month.Expected.Count == 0)
        {
            refusal.ShouldNotBeNull().Result.ShouldBe(RunResult.Refused);
            return;
        }

        refusal.ShouldBeNull();
        batch = await store.MoveAsync(batch!.BatchId, BatchStatus.Planned, BatchStatus.Running, null, Ct);
        await new StagingPhase(store, Settings, null).RunAsync(batch, Rules, Ct);
        batch = await store.MoveAsync(batch.BatchId, BatchStatus.Running, BatchStatus.Validating, null, Ct);
        if (month.Edit is { } edit)
        {
            await target.ExecuteOnStagingAsync(batch, 1, edit.Sql, new { je = batch.Sequence.First });
        }

        var outcome = await store.ValidateAndCommitAsync(batch, Rules, commit: true, "tests", Ct);
        var ledger = (await LedgerLine.ReadAsync(target)).Where(l => l.JeDate.StartsWith("2025-01", StringComparison.Ordinal)).ToList();
        if (month.Edit is not null)
        {
            outcome.Report.Failures.Select(f => f.Code).ShouldContain(CheckCode.EntryContent, month.Edit.Name);
            ledger.ShouldBeEmpty();
            var unmoved = await store.GetFundBalancesAsync(Ct);
            Funds.All.ShouldAllBe(f => unmoved[f] == fundsBefore[f]);
            return;
        }

        outcome.Report.Failures.ShouldBeEmpty(outcome.Report.Summary());
        ledger.Select(l => l.ToString()).ShouldBe(month.Expected.Select(l => l.ToString()));
        var balances = await store.GetFundBalancesAsync(Ct);
        foreach (var fund in Funds.All)
        {
            ((long)(balances[fund] - fundsBefore[fund]).MinorUnits).ShouldBe(month.Expected.Where(l => l.Fund == fund.Code()).Sum(l => l.Credit - l.Debit), fund.Code());
        }
    }
}
