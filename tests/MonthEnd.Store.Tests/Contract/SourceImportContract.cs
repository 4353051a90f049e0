using System.Globalization;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;

namespace MonthEnd.Store.Tests.Contract;

/// <summary>
/// An import's load table (<see cref="ISourceLoad"/>): rows streamed in, their ids checked in the
/// database against the file itself and the source table, then moved in one transaction; or never
/// moved, and then nothing of them reaches the source.
/// </summary>
public abstract class SourceImportContract(Func<IStoreTarget> targets) : StoreContract(targets)
{
    private ISourceImports Imports => (ISourceImports)Store;

    [Fact]
    public async Task a_moved_load_puts_every_row_in_the_source_equal_to_its_record_field_by_field()
    {
        // Each hostile text in a row of its own, in a code column and in the personal data.
        List<string> hostile = [HostileText.SqlInjection, "\"; DELETE FROM x; SELECT \"", "%_%", "tab\tcr\rlf\nbell\u0007", "Zoë 李雷 👩‍💻 مرحبا \u200b\u202eevil", " leading and trailing ", "a,b\"\"c\""];
        var (generated, claims) = Generated(premiums: 40, claims: 6);
        var premiums = generated.Select((p, i) => i < hostile.Count ? p with { PlanCode = hostile[i], AccountNumber = "00" + hostile[i], PolicyHolderId = null } : p).ToList();

        await using (var load = await Imports.OpenLoadAsync(SourceKind.Premium, Ct))
        {
            (await load.AddPremiumsAsync(premiums, Ct)).ShouldBe(40);
            (await load.FindDuplicatesAsync(10, Ct)).Count.ShouldBe(0);
            (await load.MoveAsync(10, Ct)).ShouldBe(new LoadMove(40, LoadDuplicates.None));
        }

        await using (var load = await Imports.OpenLoadAsync(SourceKind.Claim, Ct))
        {
            await load.AddClaimsAsync(claims, Ct);
            (await load.MoveAsync(10, Ct)).Moved.ShouldBe(6);
        }

        (await PremiumRowsAsync()).ShouldBe(premiums.Select(Canonical).ToList());
        (await ClaimRowsAsync()).ShouldBe(claims.Select(Canonical).ToList());
    }

    [Fact]
    public async Task a_load_never_moved_leaves_nothing_in_the_source()
    {
        var (premiums, _) = Generated(premiums: 25, claims: 0);
        await using (var load = await Imports.OpenLoadAsync(SourceKind.Premium, Ct))
        {
            await load.AddPremiumsAsync(premiums, Ct);
        }

        (await Target.CountAsync("SELECT count(*) FROM premium_transaction")).ShouldBe(0);

        // A second load on the same store starts empty: the first one's table went with it.
        await using var again = await Imports.OpenLoadAsync(SourceKind.Premium, Ct);
        await again.AddPremiumsAsync(premiums.Take(5), Ct);
        (await again.MoveAsync(10, Ct)).Moved.ShouldBe(5);
    }

    [Fact]
    public async Task a_load_holding_ids_the_source_has_is_refused_with_each_line_and_id_named_and_nothing_moved()
    {
        var existing = await SeedAsync(January, premiums: 10, claims: 0);
        var rows = new[] { Premium(500, 1000m), Premium(existing.Premiums[2].TxnId!.Value, 1000m), Premium(501, 1000m), Premium(existing.Premiums[7].TxnId!.Value, 1000m) }
            .Select((p, i) => p with { RowRef = i + 2 }).ToList();

        await using var load = await Imports.OpenLoadAsync(SourceKind.Premium, Ct);
        await load.AddPremiumsAsync(rows, Ct);
        var expected = new LoadDuplicate[] { new(3, existing.Premiums[2].TxnId!.Value, null), new(5, existing.Premiums[7].TxnId!.Value, null) };

        var found = await load.FindDuplicatesAsync(10, Ct);
        found.Listed.ShouldBe(expected);
        found.Count.ShouldBe(2);
        var move = await load.MoveAsync(10, Ct);
        move.Moved.ShouldBe(0);
        move.Refused.Listed.ShouldBe(expected);
        (await Target.CountAsync("SELECT count(*) FROM premium_transaction")).ShouldBe(10);
    }

    [Fact]
    public async Task a_claim_id_already_posted_by_a_batch_is_found_too()
    {
        await SeedAsync(January, premiums: 5, claims: 3);
        await RunAsync(January);
        await using var load = await Imports.OpenLoadAsync(SourceKind.Claim, Ct);
        await load.AddClaimsAsync([Claim(2, 10m) with { RowRef = 2 }, Claim(40, 10m) with { RowRef = 3 }], Ct);

        (await load.FindDuplicatesAsync(10, Ct)).Listed.ShouldBe([new LoadDuplicate(2, 2, null)]);
    }

    [Fact]
    public async Task an_id_the_load_repeats_is_named_on_each_later_line_with_its_first_line()
    {
        long[] ids = [7, 8, 7, 9, 8, 7];
        await using var load = await Imports.OpenLoadAsync(SourceKind.Premium, Ct);
        await load.AddPremiumsAsync(ids.Select((id, i) => Premium(id, 10m) with { RowRef = 10 + i }), Ct);

        var found = await load.FindDuplicatesAsync(10, Ct);

        found.Listed.ShouldBe([new LoadDuplicate(12, 7, 10), new LoadDuplicate(14, 8, 11), new LoadDuplicate(15, 7, 10)]);
        found.Count.ShouldBe(3);
    }

    [Fact]
    public async Task duplicates_beyond_the_limit_are_counted_but_not_listed()
    {
        await using var load = await Imports.OpenLoadAsync(SourceKind.Claim, Ct);
        await load.AddClaimsAsync(Enumerable.Range(0, 30).Select(i => Claim(5, 10m) with { RowRef = i + 2 }), Ct);

        var found = await load.FindDuplicatesAsync(4, Ct);

        found.Listed.Select(d => d.Line).ShouldBe([3, 4, 5, 6]);
        found.Count.ShouldBe(29);
    }

    [Fact]
    public async Task repeated_and_existing_ids_beyond_the_limit_are_listed_for_the_earliest_lines_in_line_order()
    {
        var existing = (await SeedAsync(January, premiums: 3, claims: 0)).Premiums[1].TxnId!.Value;
        await using var load = await Imports.OpenLoadAsync(SourceKind.Premium, Ct);
        // Line 2 holds an id the source has; lines 3 to 9 give one new id seven times.
        await load.AddPremiumsAsync([Premium(existing, 10m) with { RowRef = 2 }, .. Enumerable.Range(3, 7).Select(line => Premium(900, 10m) with { RowRef = line })], Ct);

        var found = await load.FindDuplicatesAsync(3, Ct);

        found.Listed.ShouldBe([new LoadDuplicate(2, existing, null), new LoadDuplicate(4, 900, 3), new LoadDuplicate(5, 900, 3)]);
        found.Count.ShouldBe(7);
    }

    [Fact]
    public async Task a_row_added_to_the_source_after_the_check_is_caught_by_the_move_and_nothing_is_moved()
    {
        await using var load = await Imports.OpenLoadAsync(SourceKind.Premium, Ct);
        await load.AddPremiumsAsync([Premium(70, 10m) with { RowRef = 2 }, Premium(71, 10m) with { RowRef = 3 }], Ct);
        (await load.FindDuplicatesAsync(10, Ct)).Count.ShouldBe(0);

        // Another import (or an upstream load) writes one of the ids meanwhile.
        await AddAsync(Premium(71, 99m));

        var move = await load.MoveAsync(10, Ct);
        move.Moved.ShouldBe(0);
        move.Refused.Listed.ShouldBe([new LoadDuplicate(3, 71, null)]);
        (await Target.CountAsync("SELECT count(*) FROM premium_transaction")).ShouldBe(1);
    }

    private (List<PremiumRecord> Premiums, List<ClaimRecord> Claims) Generated(int premiums, int claims)
    {
        var generator = new Core.Generation.SourceDataGenerator(Rules, 5);
        return ([.. generator.Premiums(January, premiums, 1).Select((p, i) => p with { RowRef = i + 2 })],
                [.. generator.Claims(January, claims, 1).Select((c, i) => c with { RowRef = i + 2 })]);
    }

    private async Task<List<string>> PremiumRowsAsync() =>
        (await Target.RowsAsync($"""
            SELECT txn_id, policy_id, CAST(txn_date AS TEXT), CAST(payment_date AS TEXT), {Target.InSen("premium_amount")}, {Target.InSen("fund_tabarru")},
                   {Target.InSen("fund_tanahud")}, {Target.InSen("fund_ujroh")}, product_code, plan_code, payment_method, status, account_number, policy_holder_id
            FROM premium_transaction ORDER BY txn_id
            """)).Select(Join).ToList();

    private async Task<List<string>> ClaimRowsAsync() =>
        (await Target.RowsAsync($"""
            SELECT claim_id, policy_id, CAST(claim_date AS TEXT), claim_type, {Target.InSen("claim_amount")}, status, account_number, policy_holder_id
            FROM claims_transaction ORDER BY claim_id
            """)).Select(Join).ToList();

    private static string Join(object?[] row) => string.Join(" | ", row.Select(v => v is null ? "NULL" : Convert.ToString(v, CultureInfo.InvariantCulture)));

    private static string Canonical(PremiumRecord p) => Join([p.TxnId, p.PolicyId, Day(p.TxnDate), Day(p.PaymentDate), Sen(p.PremiumAmount), Sen(p.FundTabarru),
        Sen(p.FundTanahud), Sen(p.FundUjroh), p.ProductCode, p.PlanCode, p.PaymentMethod, p.Status, p.AccountNumber, p.PolicyHolderId]);

    private static string Canonical(ClaimRecord c) =>
        Join([c.ClaimId, c.PolicyId, Day(c.ClaimDate), c.ClaimType, Sen(c.ClaimAmount), c.Status, c.AccountNumber, c.PolicyHolderId]);

    private static string? Day(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static long? Sen(Money? amount) => amount?.Minor;
}
