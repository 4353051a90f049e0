using MonthEnd.Core.Accounting;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Source;

namespace MonthEnd.Store.Tests.Contract;

/// <summary>
/// Bad input is refused at pre-flight with an error naming the record and the rule, and leaves
/// nothing behind: no batch, no staging, no ledger, no fund movement, no flagged source row.
/// </summary>
public abstract class SourceRulesContract(Func<IStoreTarget> targets) : StoreContract(targets)
{
    [Fact]
    public async Task a_zero_premium_is_refused_naming_the_record_and_the_rule() =>
        await ShouldBeRefusedAsync(() => AddAsync(Premium(9001, 0m, 0m, 0m, 0m)), "premium txn_id 9001", SourceRule.AmountPositive);

    [Fact]
    public async Task a_negative_premium_is_refused() =>
        await ShouldBeRefusedAsync(() => AddAsync(Premium(9002, -1000m, -400m, -400m, -200m)), "premium txn_id 9002", SourceRule.AmountPositive);

    [Fact]
    public async Task fund_parts_that_do_not_sum_to_the_premium_are_refused() =>
        await ShouldBeRefusedAsync(() => AddAsync(Premium(9003, 1000m, 400m, 400m, 199.99m)), "premium txn_id 9003", SourceRule.FundPartsSum);

    [Fact]
    public async Task fund_parts_that_break_the_products_allocation_rule_are_refused() =>
        await ShouldBeRefusedAsync(() => AddAsync(Premium(9004, 1000m, 500m, 300m, 200m)), "premium txn_id 9004", SourceRule.AllocationRule);

    [Fact]
    public async Task an_unknown_product_is_refused() =>
        await ShouldBeRefusedAsync(() => AddAsync(Premium(9005, 1000m, product: "UNIT-LINK-999")), "premium txn_id 9005", SourceRule.UnknownProduct);

    [Fact]
    public async Task an_unknown_status_is_refused() =>
        await ShouldBeRefusedAsync(() => AddAsync(Premium(9006, 1000m, status: "PAYED")), "premium txn_id 9006", SourceRule.UnknownStatus);

    [Fact]
    public async Task a_null_premium_amount_is_refused() =>
        await ShouldBeRefusedAsync(() => AddAsync(Premium(9007, 1000m) with { PremiumAmount = null }), "premium txn_id 9007", SourceRule.RequiredField);

    [Fact]
    public async Task a_null_product_code_is_refused() =>
        await ShouldBeRefusedAsync(() => AddAsync(Premium(9008, 1000m, product: null)), "premium txn_id 9008", SourceRule.RequiredField);

    [Fact]
    public async Task a_premium_without_an_id_is_refused_naming_its_row() =>
        await ShouldBeRefusedAsync(() => AddAsync(Premium(9009, 1000m) with { TxnId = null }), "txn_id NULL", SourceRule.RequiredField);

    [Fact]
    public async Task a_duplicate_txn_id_is_refused() =>
        await ShouldBeRefusedAsync(() => AddAsync(Premium(9010, 1000m), Premium(9010, 2000m)), "premium txn_id 9010", SourceRule.DuplicateId);

    [Fact]
    public async Task an_unknown_claim_type_is_refused() =>
        await ShouldBeRefusedAsync(() => AddAsync(Claim(8001, 500m, type: "FLOOD")), "claim claim_id 8001", SourceRule.UnknownClaimType);

    [Fact]
    public async Task a_null_claim_amount_is_refused() =>
        await ShouldBeRefusedAsync(() => AddAsync(Claim(8002, 500m) with { ClaimAmount = null }), "claim claim_id 8002", SourceRule.RequiredField);

    [Fact]
    public async Task a_negative_claim_is_refused() =>
        await ShouldBeRefusedAsync(() => AddAsync(Claim(8003, -500m)), "claim claim_id 8003", SourceRule.AmountPositive);

    [Fact]
    public async Task a_duplicate_claim_id_is_refused() =>
        await ShouldBeRefusedAsync(() => AddAsync(Claim(8004, 500m), Claim(8004, 700m, type: "HOSPITAL")), "claim claim_id 8004", SourceRule.DuplicateId);

    [Fact]
    public async Task every_invalid_record_is_reported_not_only_the_first()
    {
        await SeedAsync(January, premiums: 40, claims: 4);
        await AddAsync(Premium(9101, 0m, 0m, 0m, 0m), Premium(9102, 1000m, product: "NOPE"));
        await AddAsync(Claim(8101, 10m, type: "FLOOD"));

        var outcome = await RunAsync(January);

        outcome.InvalidSource!.ViolationCount.ShouldBe(3);
        outcome.InvalidSource.FirstViolations.Select(v => v.Record).ShouldBe(["premium txn_id 9101", "premium txn_id 9102", "claim claim_id 8101"]);
    }

    [Fact]
    public async Task rows_of_other_periods_and_rows_in_a_status_that_is_not_posted_are_left_alone()
    {
        var (premiums, claims) = await SeedAsync(January, premiums: 50, claims: 5);
        await AddAsync(Premium(9201, -5m, -2m, -2m, -1m, paymentDate: new DateOnly(2025, 2, 3)));
        await AddAsync(Premium(9202, -5m, -2m, -2m, -1m, status: "PENDING"));
        await AddAsync(Claim(8201, 10m, type: "FLOOD", date: new DateOnly(2024, 12, 31)));
        await AddAsync(Claim(8202, 10m, status: "REJECTED"));

        var outcome = await RunAsync(January);

        outcome.Result.ShouldBe(RunResult.Committed, outcome.Message);
        outcome.Batch!.PremiumCount.ShouldBe(50);
        outcome.Batch.ClaimCount.ShouldBe(5);
        (await Target.CountAsync($"SELECT count(*) FROM premium_transaction WHERE txn_id IN (9201, 9202) AND {Target.Processed}")).ShouldBe(0);
        (await Target.CountAsync($"SELECT count(*) FROM claims_transaction WHERE claim_id IN (8201, 8202) AND {Target.Processed}")).ShouldBe(0);
        var balances = await Store.GetFundBalancesAsync(Ct);
        var expected = ExpectedFundChange(premiums, claims);
        Funds.All.ShouldAllBe(f => balances[f] == expected[f]);
    }

    [Fact]
    public async Task a_month_with_nothing_to_post_is_refused_without_a_batch()
    {
        var outcome = await RunAsync(January);

        outcome.Result.ShouldBe(RunResult.Refused);
        outcome.Message.ShouldContain("nothing to post");
        (await Target.CountAsync("SELECT count(*) FROM staging_month_end_master")).ShouldBe(0);
    }

    private async Task ShouldBeRefusedAsync(Func<Task> addBadInput, string record, string rule)
    {
        await SeedAsync(January, premiums: 40, claims: 4);
        await addBadInput();

        var outcome = await RunAsync(January);

        outcome.Result.ShouldBe(RunResult.InvalidSource);
        outcome.InvalidSource!.FirstViolations.ShouldContain(v => v.Record.Contains(record) && v.Rule == rule,
            $"expected {rule} on {record}, got: {string.Join("; ", outcome.InvalidSource.FirstViolations)}");
        (await Target.CountAsync("SELECT count(*) FROM staging_month_end_master")).ShouldBe(0);
        (await Target.CountAsync("SELECT count(*) FROM staging_worker_partition")).ShouldBe(0);
        (await LedgerEntriesAsync()).ShouldBe(0);
        (await FlaggedSourceRowsAsync()).ShouldBe(0);
        var balances = await Store.GetFundBalancesAsync(Ct);
        Funds.All.ShouldAllBe(f => balances[f] == Money.Zero);
    }
}
