using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Source;
using MonthEnd.Core.Validation;

namespace MonthEnd.Store.Tests.Contract;

/// <summary>
/// No source row becomes invisible and none is posted twice: a row whose date is no date refuses
/// the batch of every period, and an id an earlier batch posted refuses the batch that would post
/// it again, at pre-flight, in validate-source and at the commit, naming the record and the rule.
/// </summary>
public abstract class SourceStraysContract(Func<IStoreTarget> targets) : StoreContract(targets)
{
    private static readonly DateOnly InJanuary = new(2025, 1, 15);

    /// <summary>
    /// The values that a date column of this store can hold and that are no day, as SQL literals,
    /// by name (a test's data). Every store holds NULL.
    /// </summary>
    protected virtual IReadOnlyDictionary<string, string> NoDays { get; } = new Dictionary<string, string> { ["NULL"] = "NULL" };

    public static TheoryData<string> Forms() => ["slashes", "impossible day", "day 32", "integer", "NULL", "infinity"];

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task a_premium_whose_payment_date_is_no_date_is_reported_and_refuses_the_batch_of_its_apparent_period_and_of_another(string form)
    {
        if (!NoDays.TryGetValue(form, out var value))
        {
            return; // this store's date column cannot hold such a value
        }

        await SeedAsync(January, premiums: 40, claims: 4);
        await InsertPremiumAsync(9301, value);

        await ShouldBeReportedAndRefusedAsync("premium txn_id 9301", SourceRule.UnreadableDate, "payment_date");
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task a_claim_whose_claim_date_is_no_date_is_reported_and_refuses_the_batch_of_its_apparent_period_and_of_another(string form)
    {
        if (!NoDays.TryGetValue(form, out var value))
        {
            return;
        }

        await SeedAsync(January, premiums: 40, claims: 4);
        await Target.ExecuteAsync($"""
            INSERT INTO claims_transaction (claim_id, policy_id, claim_date, claim_type, claim_amount, status)
            VALUES (8301, 900, {value}, 'DEATH', {Target.Literal(Money.FromDecimal(500m))}, 'APPROVED')
            """);

        await ShouldBeReportedAndRefusedAsync("claim claim_id 8301", SourceRule.UnreadableDate, "claim_date");
    }

    [Fact]
    public async Task a_premium_without_an_id_and_without_a_date_is_named_by_its_row()
    {
        await SeedAsync(January, premiums: 40, claims: 4);
        await AddAsync(Premium(9302, 1000m) with { TxnId = null, PaymentDate = null });

        var scan = await ValidateSourceAsync(February);

        scan.FirstViolations.ShouldContain(v => v.Record.StartsWith("premium row ", StringComparison.Ordinal) && v.Record.EndsWith("(txn_id NULL)", StringComparison.Ordinal)
                                                && v.Rule == SourceRule.UnreadableDate);
    }

    [Fact]
    public async Task a_pending_premium_without_a_payment_date_is_left_alone()
    {
        var (premiums, claims) = await SeedAsync(January, premiums: 40, claims: 4);
        await AddAsync(Premium(9303, 1000m, status: "PENDING") with { PaymentDate = null });

        var outcome = await RunAsync(January);

        outcome.Result.ShouldBe(RunResult.Committed, outcome.Message);
        await FundsShouldHaveMovedByAsync(premiums, claims);
    }

    [Fact]
    public async Task a_txn_id_posted_in_january_and_loaded_again_in_february_is_refused_naming_the_january_batch()
    {
        await SeedAsync(January, premiums: 40, claims: 4);
        (await RunAsync(January)).Result.ShouldBe(RunResult.Committed);
        await SeedAsync(February, premiums: 40, claims: 4, seed: 12);
        await AddAsync(Premium(5, 1000m, paymentDate: new DateOnly(2025, 2, 10)));
        var ledger = await Target.LedgerRowsAsync(); // with every source row's flags

        var outcome = await RunAsync(February);

        ShouldNameTheEarlierBatch(outcome, "premium txn_id 5", "txn_id 5");
        (await ValidateSourceAsync(February)).FirstViolations.ShouldContain(v => v.Record == "premium txn_id 5" && v.Rule == SourceRule.AlreadyPosted);
        await NothingOfFebruaryAsync(ledger);
    }

    [Fact]
    public async Task a_claim_id_posted_in_january_and_loaded_again_in_february_is_refused_naming_the_january_batch()
    {
        await SeedAsync(January, premiums: 40, claims: 4);
        (await RunAsync(January)).Result.ShouldBe(RunResult.Committed);
        await SeedAsync(February, premiums: 40, claims: 4, seed: 12);
        await AddAsync(Claim(2, 700m, date: new DateOnly(2025, 2, 11)));
        var ledger = await Target.LedgerRowsAsync(); // with every source row's flags

        var outcome = await RunAsync(February);

        ShouldNameTheEarlierBatch(outcome, "claim claim_id 2", "claim_id 2");
        await NothingOfFebruaryAsync(ledger);
    }

    [Fact]
    public async Task an_id_of_a_staged_batch_posted_by_another_batch_before_its_commit_refuses_the_commit_and_nothing_is_written()
    {
        await SeedAsync(January, premiums: 40, claims: 4);
        await SeedAsync(February, premiums: 40, claims: 4, seed: 12);
        // The same premium loaded in both months; February's pre-flight sees January's row unprocessed.
        await AddAsync(Premium(5, 1000m, paymentDate: new DateOnly(2025, 2, 10)));
        var february = await StageAsync(February);

        // January's batch posts txn_id 5 meanwhile. Two open batches cannot both be planned (they
        // would take the same JE numbers), so its commit is played here by marking January's row as
        // that commit marks it, as a second system or a hand could.
        await Target.ExecuteAsync($"""
            UPDATE premium_transaction SET batch_processed = (1 = 1), batch_id = '2025-01-MONTHEND'
            WHERE txn_id = 5 AND payment_date < {Target.Literal(February.Start)}
            """);
        (await FlaggedSourceRowsAsync()).ShouldBe(1);

        var outcome = await ValidateAndCommitAsync(february);

        outcome.Batch.Status.ShouldBe(BatchStatus.Failed);
        outcome.Report.Failures.ShouldContain(c => c.Code == CheckCode.SourceValid && c.Message.Contains("premium txn_id 5")
                                                   && c.Message.Contains("2025-01-MONTHEND") && c.Message.Contains(SourceRule.AlreadyPosted));
        (await LedgerEntriesAsync()).ShouldBe(0);
        (await FlaggedSourceRowsAsync()).ShouldBe(1);
        var balances = await Store.GetFundBalancesAsync(Ct);
        Funds.All.ShouldAllBe(f => balances[f] == Money.Zero);
    }

    [Fact]
    public async Task a_premium_whose_date_is_no_date_loaded_after_planning_refuses_the_commit()
    {
        await SeedAsync(January, premiums: 40, claims: 4);
        var batch = await StageAsync(January);
        await InsertPremiumAsync(9304, "NULL");

        var outcome = await ValidateAndCommitAsync(batch);

        outcome.Batch.Status.ShouldBe(BatchStatus.Failed);
        outcome.Report.Failures.ShouldContain(c => c.Code == CheckCode.SourceValid && c.Message.Contains("premium txn_id 9304")
                                                   && c.Message.Contains(SourceRule.UnreadableDate));
        (await LedgerEntriesAsync()).ShouldBe(0);
        (await FlaggedSourceRowsAsync()).ShouldBe(0);
    }

    private Task InsertPremiumAsync(long txnId, string paymentDate) =>
        Target.ExecuteAsync($"""
            INSERT INTO premium_transaction (txn_id, policy_id, txn_date, payment_date, premium_amount, fund_tabarru, fund_tanahud, fund_ujroh,
                                             product_code, plan_code, payment_method, status)
            VALUES ({txnId}, 900, {Target.Literal(InJanuary)}, {paymentDate}, {Target.Literal(Money.FromDecimal(1000m))},
                    {Target.Literal(Money.FromDecimal(400m))}, {Target.Literal(Money.FromDecimal(400m))}, {Target.Literal(Money.FromDecimal(200m))},
                    'HYBRID-LIFE-001', 'PLAN-A', 'TRANSFER', 'PAID')
            """);

    /// <summary>What validate-source reads: the period's snapshot scanned with its strays.</summary>
    private Task<SourceScanResult> ValidateSourceAsync(Period period) =>
        Store.ReadSourceSnapshotAsync(period, (source, token) => SourcePass.ScanAsync(source, Rules, ct: token), Ct);

    private async Task ShouldBeReportedAndRefusedAsync(string record, string rule, string column)
    {
        foreach (var period in new[] { January, February })
        {
            var scan = await ValidateSourceAsync(period);
            scan.FirstViolations.ShouldContain(v => v.Record == record && v.Rule == rule && v.Message.ToString().Contains(column, StringComparison.Ordinal),
                $"{period}: {string.Join("; ", scan.FirstViolations)}");

            var outcome = await RunAsync(period);

            outcome.Result.ShouldBe(RunResult.InvalidSource, outcome.Message);
            outcome.InvalidSource!.FirstViolations.ShouldContain(v => v.Record == record && v.Rule == rule);
        }

        (await Target.CountAsync("SELECT count(*) FROM staging_month_end_master")).ShouldBe(0);
        (await LedgerEntriesAsync()).ShouldBe(0);
        (await FlaggedSourceRowsAsync()).ShouldBe(0);
    }

    private static void ShouldNameTheEarlierBatch(RunOutcome outcome, string record, string id)
    {
        outcome.Result.ShouldBe(RunResult.InvalidSource, outcome.Message);
        var violation = outcome.InvalidSource!.FirstViolations.ShouldHaveSingleItem();
        violation.Record.ShouldBe(record);
        violation.Rule.ShouldBe(SourceRule.AlreadyPosted);
        violation.Message.ToString().ShouldContain($"{id} was already posted by batch 2025-01-MONTHEND");
    }

    private async Task NothingOfFebruaryAsync(IReadOnlyList<string> ledgerBefore)
    {
        (await Target.CountAsync("SELECT count(*) FROM staging_month_end_master WHERE period = '2025-02'")).ShouldBe(0);
        (await Target.LedgerRowsAsync()).ShouldBe(ledgerBefore);
    }
}
