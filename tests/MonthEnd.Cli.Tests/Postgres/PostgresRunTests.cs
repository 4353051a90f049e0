using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests.Postgres;

/// <summary>An undisturbed run on PostgreSQL, seen through the CLI's --json output.</summary>
[Collection(PgReferenceGroup.Name)]
public sealed class PostgresRunTests
{
    [Fact]
    public async Task run_json_on_postgresql_commits_and_status_json_shows_the_batch_committed_in_the_attached_ledger_partitions()
    {
        const long premiums = 3_000, claims = 300, entries = (3 * premiums) + claims;
        await using var db = await PgDatabase.CreateAsync();
        await db.InitAndGenerateAsync(premiums, claims, seed: 11);

        var run = Json.Parse((await db.CliAsync("run", "--period", PgDatabase.Period, "--workers", "2", "--chunk-size", "500", "--json")).ShouldExitWith(0));
        run.Str("result").ShouldBe("COMMITTED");
        run.Str("batch", "batch_id").ShouldBe(PgDatabase.BatchId);
        run.Long("ledger", "entries").ShouldBe(entries);
        run.Str("ledger", "total_debit").ShouldBe(run.Str("ledger", "total_credit"));

        var key = await db.BatchKeyAsync();
        var status = await db.StatusAsync();
        status.Str("batch", "status").ShouldBe("COMMITTED");
        status.Long("batch", "actual_je_count").ShouldBe(entries);
        status.Long("ledger", "entries").ShouldBe(entries);
        status.Long("records_processed").ShouldBe(premiums + claims);
        status.Str("batch", "archive_location")
            .ShouldBe($"attached as ledger partitions journal_entry_header_b{key}, journal_entry_line_b{key}");
        status.At("events").EnumerateArray().Select(e => e.Str("event")).ShouldContain("BATCH_COMMITTED");
        var list = Json.Parse((await db.CliAsync("status", "--json")).ShouldExitWith(0));
        list.At("batches").EnumerateArray().Select(b => (b.Str("batch_id"), b.Str("status"))).ShouldBe([(PgDatabase.BatchId, "COMMITTED")]);

        // The archive location is true: the staged tables are the ledger's partitions now, and no staging is left.
        (await db.QueryAsync<string>("""
            SELECT c.relname || ' OF ' || p.relname FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
            WHERE c.relname LIKE 'journal_entry_%_b%' ORDER BY 1
            """)).ShouldBe([$"journal_entry_header_b{key} OF journal_entry_header", $"journal_entry_line_b{key} OF journal_entry_line"]);
        (await db.CountAsync("SELECT count(*) FROM pg_class WHERE relkind IN ('r', 'p') AND relname LIKE 'staging\\_je\\_%'")).ShouldBe(0, "staging tables left");
        (await db.CountAsync($"SELECT count(*) FROM journal_entry_header_b{key}")).ShouldBe(entries, "entries in the batch's ledger partition");

        await db.ShouldHaveConsistentLedgerAsync(entries);
        (await db.FundBalancesAsync()).ShouldBe(await db.ExpectedFundMovementsAsync(), ignoreOrder: true);
        (await db.FlaggedSourceRowsAsync()).ShouldBe(premiums + claims);
        (await db.CountAsync("SELECT count(*) FROM premium_transaction WHERE batch_processed AND batch_id = @BatchId", new { PgDatabase.BatchId }))
            .ShouldBe(premiums);
    }
}
