using MonthEnd.Core.Storage;
using MonthEnd.Store.Tests.Contract;

namespace MonthEnd.Store.Tests.Postgres;

/// <summary>What only the PostgreSQL store relies on in its schema.</summary>
public sealed class PostgresSchemaTests() : StoreContract(() => new PostgresTarget())
{
    [Fact]
    public async Task an_amount_column_altered_by_hand_away_from_numeric_18_2_is_named_and_the_store_refuses_to_start()
    {
        await Target.ExecuteAsync("ALTER TABLE premium_transaction ALTER COLUMN fund_ujroh TYPE NUMERIC(18, 4)");
        await Target.ExecuteAsync("ALTER TABLE claims_transaction ALTER COLUMN claim_amount TYPE DOUBLE PRECISION");
        await Target.ExecuteAsync("ALTER TABLE premium_transaction ALTER COLUMN premium_amount TYPE NUMERIC");

        var problems = await Store.SchemaProblemsAsync(Ct);

        problems.Count.ShouldBe(3);
        problems[0].ShouldStartWith("claims_transaction.claim_amount is double precision;");
        problems[1].ShouldStartWith("premium_transaction.fund_ujroh is numeric(18,4);");
        problems[2].ShouldStartWith("premium_transaction.premium_amount is numeric;");
        problems.ShouldAllBe(p => p.Contains("needs numeric(p,2) with p <= 18"));
        var refused = await Should.ThrowAsync<SchemaOutdatedException>(() => Store.EnsureSchemaCurrentAsync(Ct));
        refused.Message.ShouldContain("a column changed by hand must be changed back");
    }
}
