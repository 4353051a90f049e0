using Dapper;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Storage;
using MonthEnd.Postgres;
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

    [Fact]
    public async Task marking_a_months_source_rows_rewrites_each_on_its_own_page_with_no_index_entry()
    {
        var (seededPremiums, seededClaims) = await SeedAsync(January, premiums: 2_000, claims: 400);
        var longestId = BatchId.DefaultFor(January) + "-R99";

        await using var connection = new Npgsql.NpgsqlConnection(((PostgresTarget)Target).Connection);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // The store's own marking statements, as the commit runs them.
        var marks = new { batchId = longestId, now = DateTime.UtcNow, start = January.Start, end = January.End };
        var premiums = await connection.ExecuteAsync(SqlText.Get("mark_premiums"),
            new { marks.batchId, marks.now, marks.start, marks.end, statuses = Rules.PremiumStatuses.Post.ToArray() }, transaction);
        var claims = await connection.ExecuteAsync(SqlText.Get("mark_claims"),
            new { marks.batchId, marks.now, marks.start, marks.end, statuses = Rules.ClaimStatuses.Post.ToArray() }, transaction);
        var heapOnly = await connection.QuerySingleAsync<(long Premiums, long Claims)>("""
            SELECT pg_stat_get_xact_tuples_hot_updated('premium_transaction'::regclass), pg_stat_get_xact_tuples_hot_updated('claims_transaction'::regclass)
            """, transaction: transaction);

        premiums.ShouldBe(seededPremiums.Count(p => Rules.PremiumStatuses.Post.Contains(p.Status!)));
        claims.ShouldBe(seededClaims.Count(c => Rules.ClaimStatuses.Post.Contains(c.Status!)));
        premiums.ShouldBeGreaterThan(0);
        claims.ShouldBeGreaterThan(0);
        heapOnly.Premiums.ShouldBe(premiums);
        heapOnly.Claims.ShouldBe(claims);
    }
}
