using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Generation;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;

namespace MonthEnd.Store.Tests.Contract;

/// <summary>
/// The base of every contract: a fresh database per test, test data from the generator, and the
/// batch phases driven one at a time so a test can step in between them.
/// </summary>
public abstract class StoreContract(Func<IStoreTarget> targets) : IAsyncLifetime
{
    protected static readonly Period January = new(2025, 1);
    protected static readonly Period February = new(2025, 2);

    protected IStoreTarget Target { get; } = targets();

    /// <summary>Makes another, independent database of the same store (e.g. for a reference run).</summary>
    protected Func<IStoreTarget> Targets { get; } = targets;

    protected IMonthEndStore Store { get; private set; } = null!;

    protected RuleSet Rules { get; } = RuleSetLoader.LoadDefault();

    /// <summary>Small enough to be quick, large enough for several partitions and chunks per kind.</summary>
    protected static RunSettings Settings { get; } = new()
    {
        Workers = 2,
        ChunkSize = 40,
        LeaseLength = TimeSpan.FromSeconds(30),
        HeartbeatInterval = TimeSpan.FromSeconds(5),
        PollInterval = TimeSpan.FromMilliseconds(20),
    };

    public async Task InitializeAsync() => Store = await Target.CreateStoreAsync();

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await Target.DisposeAsync();
    }

    protected CancellationToken Ct => CancellationToken.None;

    /// <summary>Generated, valid source for a period; returns what was added so tests can compute expectations on their own.</summary>
    protected async Task<(List<PremiumRecord> Premiums, List<ClaimRecord> Claims)> SeedAsync(Period period, int premiums, int claims, int seed = 11)
    {
        var (maxTxn, maxClaim) = await Store.MaxSourceIdsAsync(Ct);
        var generator = new SourceDataGenerator(Rules, seed);
        var p = generator.Premiums(period, premiums, maxTxn + 1).ToList();
        var c = generator.Claims(period, claims, maxClaim + 1).ToList();
        await Store.AppendSourceAsync(p, c, Ct);
        return (p, c);
    }

    protected Task AddAsync(params PremiumRecord[] premiums) => Store.AppendSourceAsync(premiums, [], Ct);

    protected Task AddAsync(params ClaimRecord[] claims) => Store.AppendSourceAsync([], claims, Ct);

    protected RunRequest Request(Period period, string? batchId = null, RunSettings? settings = null) =>
        new(period, batchId, Rules, "contract-test", settings ?? Settings);

    protected Task<RunOutcome> RunAsync(Period period, string? batchId = null, RunSettings? settings = null) =>
        new MonthEndRunner(Store).RunAsync(Request(period, batchId, settings), Ct);

    /// <summary>Pre-flight and plan only: the batch is PLANNED.</summary>
    protected async Task<BatchRecord> PlanAsync(Period period, string? batchId = null)
    {
        var (batch, refusal) = await new Preflight(Store).PlanAsync(Request(period), batchId ?? BatchId.DefaultFor(period), Ct);
        refusal.ShouldBeNull();
        return batch!;
    }

    /// <summary>Plans and stages a batch and leaves it VALIDATING, so a test can change things before the commit.</summary>
    protected async Task<BatchRecord> StageAsync(Period period)
    {
        var batch = await PlanAsync(period);
        batch = await Store.MoveAsync(batch.BatchId, BatchStatus.Planned, BatchStatus.Running, null, Ct);
        await new StagingPhase(Store, Settings, null).RunAsync(batch, Rules, Ct);
        return await Store.MoveAsync(batch.BatchId, BatchStatus.Running, BatchStatus.Validating, null, Ct);
    }

    protected Task<CommitOutcome> ValidateAndCommitAsync(BatchRecord batch) => Store.ValidateAndCommitAsync(batch, Rules, commit: true, "tests", Ct);

    protected Task<long> LedgerEntriesAsync() => Target.CountAsync("SELECT count(*) FROM journal_entry_header");

    protected Task<long> FlaggedSourceRowsAsync() =>
        Target.CountAsync($"SELECT (SELECT count(*) FROM premium_transaction WHERE {Target.Processed}) + (SELECT count(*) FROM claims_transaction WHERE {Target.Processed})");

    /// <summary>Every fund's balance moved (from zero) by what <see cref="ExpectedFundChange"/> computes from the records.</summary>
    protected async Task FundsShouldHaveMovedByAsync(IEnumerable<PremiumRecord> premiums, IEnumerable<ClaimRecord> claims)
    {
        var expected = ExpectedFundChange(premiums, claims);
        var balances = await Store.GetFundBalancesAsync(Ct);
        Funds.All.ShouldAllBe(f => balances[f] == expected[f]);
    }

    /// <summary>What each fund must move by, computed here from the records themselves: allocations minus the claims it bears.</summary>
    protected FundAmounts ExpectedFundChange(IEnumerable<PremiumRecord> premiums, IEnumerable<ClaimRecord> claims)
    {
        var expected = new FundAmounts();
        foreach (var p in premiums)
        {
            expected.Add(Fund.Tabarru, p.FundTabarru!.Value);
            expected.Add(Fund.Tanahud, p.FundTanahud!.Value);
            expected.Add(Fund.Ujroh, p.FundUjroh!.Value);
        }

        foreach (var c in claims)
        {
            var fund = c.ClaimType == "TANAHUD_REFUND" ? Fund.Tanahud : Fund.Tabarru;
            expected.Add(fund, -c.ClaimAmount!.Value);
        }

        return expected;
    }

    protected static PremiumRecord Premium(long txnId, decimal amount, decimal? tabarru = null, decimal? tanahud = null, decimal? ujroh = null,
        string? product = "HYBRID-LIFE-001", string? status = "PAID", DateOnly? paymentDate = null)
    {
        var premium = Money.FromDecimal(amount);
        var t = tabarru is { } tv ? Money.FromDecimal(tv) : AllocationRule.Share(premium, 4000, RoundingMode.HalfEven);
        var n = tanahud is { } nv ? Money.FromDecimal(nv) : AllocationRule.Share(premium, 4000, RoundingMode.HalfEven);
        var u = ujroh is { } uv ? Money.FromDecimal(uv) : premium - t - n;
        var date = paymentDate ?? new DateOnly(2025, 1, 15);
        return new PremiumRecord(0, txnId, 900, date, date, premium, t, n, u, product, "PLAN-A", "TRANSFER", status);
    }

    protected static ClaimRecord Claim(long claimId, decimal amount, string? type = "DEATH", string? status = "APPROVED", DateOnly? date = null) =>
        new(0, claimId, 900, date ?? new DateOnly(2025, 1, 20), type, Money.FromDecimal(amount), status);

    /// <summary>A January batch of 120 premiums and 12 claims, staged and ready to validate.</summary>
    protected async Task<BatchRecord> StagedAsync()
    {
        await SeedAsync(January, premiums: 120, claims: 12);
        return await StageAsync(January);
    }

    protected async Task<CommitOutcome> ShouldFailWithNothingWrittenAsync(BatchRecord batch, string failedCheck, string? alsoFailed = null, long ledgerEntriesBefore = 0)
    {
        var outcome = await ValidateAndCommitAsync(batch);

        outcome.Report.Passed.ShouldBeFalse();
        outcome.Commit.ShouldBeNull();
        var failed = outcome.Report.Failures.Select(f => f.Code).ToList();
        failed.ShouldContain(failedCheck);
        if (alsoFailed is not null)
        {
            failed.ShouldContain(alsoFailed);
        }

        var stored = (await Store.FindBatchAsync(batch.BatchId, Ct))!;
        stored.Status.ShouldBe(BatchStatus.Failed);
        stored.FailureReason.ShouldNotBeNull().ShouldContain(failedCheck);
        (await Store.GetValidationResultsAsync(batch.BatchId, Ct)).ShouldContain(c => c.Code == failedCheck && !c.Passed);
        (await LedgerEntriesAsync()).ShouldBe(ledgerEntriesBefore);
        var balances = await Store.GetFundBalancesAsync(Ct);
        Funds.All.ShouldAllBe(f => balances[f] == Money.Zero);
        (await FlaggedSourceRowsAsync()).ShouldBe(0);
        (await Store.MeasureStagingAsync(stored, Ct)).HeaderCount.ShouldBeGreaterThan(0);
        return outcome;
    }
}
