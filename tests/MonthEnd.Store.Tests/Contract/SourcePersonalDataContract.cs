using MonthEnd.Core.Engine;
using MonthEnd.Core.Privacy;
using MonthEnd.Core.Source;

namespace MonthEnd.Store.Tests.Contract;

/// <summary>
/// The personal data a source row may carry (account_number, policy_holder_id): kept to the character
/// by the store's bulk writer (SQLite inserts, PostgreSQL binary COPY), read back by the period's
/// scan, whose findings name whose record it is, and posted nowhere.
/// </summary>
public abstract class SourcePersonalDataContract(Func<IStoreTarget> targets) : StoreContract(targets)
{
    private const string Account = "0012345678";
    private const string Holder = "3174051203850001";

    public static TheoryData<string> Forms() => ["leading zeros", .. HostileText.Names];

    private static string Form(string name) => name == "leading zeros" ? "000000001234" : HostileText.Value(name);

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task an_account_number_and_a_holder_id_are_kept_to_the_character_and_read_back_by_the_periods_scan(string form)
    {
        var value = Form(form);
        await Store.AppendSourceAsync(
            [Premium(1, 1000m) with { AccountNumber = value, PolicyHolderId = "PH" + value }],
            [Claim(1, 500m) with { AccountNumber = "C" + value, PolicyHolderId = value }], Ct);

        var premium = (await Store.ReadPremiumsAsync(January, Ct).ToListAsync(Ct)).ShouldHaveSingleItem();
        var claim = (await Store.ReadClaimsAsync(January, Ct).ToListAsync(Ct)).ShouldHaveSingleItem();

        (premium.AccountNumber, premium.PolicyHolderId).ShouldBe((value, "PH" + value));
        (claim.AccountNumber, claim.PolicyHolderId).ShouldBe(("C" + value, value));
        (await Target.RowsAsync("SELECT account_number, policy_holder_id FROM premium_transaction")).ShouldHaveSingleItem()
            .ShouldBe([value, "PH" + value]);
        (await Target.RowsAsync("SELECT account_number, policy_holder_id FROM claims_transaction")).ShouldHaveSingleItem()
            .ShouldBe(["C" + value, value]);
    }

    [Fact]
    public async Task a_row_loaded_without_them_reads_as_having_none()
    {
        await Target.ExecuteAsync($"""
            INSERT INTO claims_transaction (claim_id, policy_id, claim_date, claim_type, claim_amount, status)
            VALUES (7, 900, {Target.Literal(new DateOnly(2025, 1, 20))}, 'DEATH', {Target.Literal(Core.Accounting.Money.FromDecimal(500m))}, 'APPROVED')
            """);

        var claim = (await Store.ReadClaimsAsync(January, Ct).ToListAsync(Ct)).ShouldHaveSingleItem();

        claim.AccountNumber.ShouldBeNull();
        claim.PolicyHolderId.ShouldBeNull();
    }

    [Fact]
    public async Task generated_rows_are_stored_with_their_holder_and_account()
    {
        await SeedAsync(January, premiums: 30, claims: 5);

        (await Target.CountAsync("SELECT count(*) FROM premium_transaction WHERE account_number IS NOT NULL AND policy_holder_id IS NOT NULL")).ShouldBe(30);
        (await Target.CountAsync("SELECT count(*) FROM claims_transaction WHERE account_number IS NOT NULL AND policy_holder_id IS NOT NULL")).ShouldBe(5);
    }

    [Fact]
    public async Task a_finding_of_the_periods_scan_names_whose_record_it_is_classified_masked()
    {
        await SeedAsync(January, premiums: 10, claims: 2);
        await AddAsync(Premium(9001, 1000m, status: "Budi Santoso") with { AccountNumber = Account, PolicyHolderId = Holder });

        var scan = await Store.ReadSourceSnapshotAsync(January, (source, token) => SourcePass.ScanAsync(source, Rules, ct: token), Ct);

        var violation = scan.FirstViolations.ShouldHaveSingleItem();
        violation.Record.ShouldBe("premium txn_id 9001");
        (violation.PolicyHolderId, violation.AccountNumber).ShouldBe((Classified.Masked(Holder), Classified.Masked(Account)));
        violation.Message.Values.ShouldBe([Classified.Personal("Budi Santoso")]);
    }

    [Fact]
    public async Task a_committed_batch_posts_nothing_of_them()
    {
        await SeedAsync(January, premiums: 20, claims: 3);
        await AddAsync(Premium(9002, 1000m) with { AccountNumber = Account, PolicyHolderId = Holder });

        var outcome = await RunAsync(January);

        outcome.Result.ShouldBe(RunResult.Committed, outcome.Message);
        var ledger = string.Join("\n", await Target.LedgerRowsAsync());
        ledger.ShouldNotContain(Holder);
        ledger.ShouldNotContain(Account);
    }
}
