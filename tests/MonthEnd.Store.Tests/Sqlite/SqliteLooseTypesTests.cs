using MonthEnd.Core.Engine;
using MonthEnd.Core.Source;
using MonthEnd.Store.Tests.Contract;

namespace MonthEnd.Store.Tests.Sqlite;

/// <summary>
/// SQLite lets an INTEGER column hold 12.5 or 'abc' and a date column hold any text. Such values are
/// reported as unreadable, never rounded or coerced into the ledger.
/// </summary>
public sealed class SqliteLooseTypesTests() : StoreContract(() => new SqliteTarget())
{
    [Fact]
    public async Task a_fractional_amount_in_sen_is_refused_not_rounded()
    {
        await SeedAsync(January, premiums: 20, claims: 2);
        await Target.ExecuteAsync("UPDATE premium_transaction SET premium_amount = premium_amount + 0.5 WHERE txn_id = 7");

        var outcome = await RunAsync(January);

        outcome.Result.ShouldBe(RunResult.InvalidSource);
        outcome.InvalidSource!.FirstViolations.ShouldContain(v =>
            v.Record == "premium txn_id 7" && v.Rule == SourceRule.UnreadableValue && v.Message.ToString().Contains("premium_amount", StringComparison.Ordinal));
        (await LedgerEntriesAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task text_in_an_amount_column_is_refused()
    {
        await SeedAsync(January, premiums: 20, claims: 2);
        await Target.ExecuteAsync("UPDATE claims_transaction SET claim_amount = 'lots' WHERE claim_id = 2");

        var outcome = await RunAsync(January);

        outcome.InvalidSource!.FirstViolations.ShouldContain(v => v.Record == "claim claim_id 2" && v.Rule == SourceRule.UnreadableValue);
    }

    [Fact]
    public async Task a_malformed_date_is_refused_naming_the_field()
    {
        await SeedAsync(January, premiums: 20, claims: 2);
        await Target.ExecuteAsync("UPDATE premium_transaction SET txn_date = '2025-01-32' WHERE txn_id = 4");

        var outcome = await RunAsync(January);

        outcome.InvalidSource!.FirstViolations.ShouldContain(v => v.Record == "premium txn_id 4" && v.Message.ToString().Contains("txn_date", StringComparison.Ordinal));
    }
}
