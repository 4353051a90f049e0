using System.Globalization;
using Dapper;
using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests.Postgres;

/// <summary>
/// Checks of a PostgreSQL database's ledger, fund balances and source flags with plain SQL,
/// independently of the product. Two databases cannot be joined, so each table is compared by
/// buckets of keys: a count and an md5 of the bucket's rows in key order on each side, and the rows
/// of a differing bucket fetched to name the first differences.
/// </summary>
public static class PgLedger
{
    private const long BucketSize = 20_000;

    /// <summary>What is compared: every column but who and when posted, and when the batch was created (they differ by run).</summary>
    private static readonly Table[] Compared =
    [
        new("journal_entry_header rows", "journal_entry_header", "je_id", "je_id",
            "je_id, je_number, je_date, je_type, reference_type, reference_id, description, total_debit, total_credit, status, " +
            "coa_version_id, template_code, created_by, batch_id"),
        new("journal_entry_line rows", "journal_entry_line", "je_id", "je_id, line_number",
            "je_id, line_number, account_code, fund_type, debit_amount, credit_amount, description"),
        new("fund balances (fund_balance.current_balance)", "fund_balance", "0", "fund_type", "fund_type, current_balance"),
        new("premium source flags (batch_processed, batch_id per txn_id)", "premium_transaction", "coalesce(txn_id, -1)", "txn_id, row_id",
            "txn_id, batch_processed, batch_id"),
        new("claim source flags (batch_processed, batch_id per claim_id)", "claims_transaction", "coalesce(claim_id, -1)", "claim_id, row_id",
            "claim_id, batch_processed, batch_id"),
    ];

    /// <summary>The subject holds exactly the reference's ledger (every column but posted_at, posted_by, batch_created_at), fund balances and source flags.</summary>
    public static async Task ShouldMatchReferenceAsync(this PgDatabase subject, PgDatabase reference)
    {
        var failures = new List<string>();
        foreach (var table in Compared)
        {
            if (await DifferenceAsync(table, subject, reference) is { } difference)
            {
                failures.Add(difference);
            }
        }

        if (failures.Count > 0)
        {
            Assert.Fail("the committed result differs from the undisturbed reference run:\n" + string.Join("\n", failures));
        }
    }

    /// <summary>Every entry balances, every header's totals are its lines', JE numbers run 1..N without a gap.</summary>
    public static async Task ShouldHaveConsistentLedgerAsync(this PgDatabase db, long expectedEntries)
    {
        (await db.CountAsync("SELECT count(*) FROM journal_entry_header")).ShouldBe(expectedEntries, "journal entries in the ledger");
        (await db.CountAsync("SELECT count(*) FROM journal_entry_line")).ShouldBe(2 * expectedEntries, "journal entry lines in the ledger");
        (await db.CountAsync("""
            SELECT count(*) FROM journal_entry_header h
            LEFT JOIN (SELECT je_id, sum(debit_amount) AS debit, sum(credit_amount) AS credit FROM journal_entry_line GROUP BY je_id) l
                   ON l.je_id = h.je_id
            WHERE l.je_id IS NULL OR l.debit <> l.credit OR h.total_debit <> l.debit OR h.total_credit <> l.credit
            """)).ShouldBe(0, "entries without lines, unbalanced, or whose header totals differ from their lines");
        (await db.CountAsync("SELECT count(*) FROM journal_entry_line l WHERE NOT EXISTS (SELECT 1 FROM journal_entry_header h WHERE h.je_id = l.je_id)"))
            .ShouldBe(0, "lines without a header");
        var (first, last, distinct) = await db.WithConnectionAsync(c => c.QuerySingleAsync<(long, long, long)>(
            "SELECT coalesce(min(je_number), 0), coalesce(max(je_number), 0), count(DISTINCT je_number) FROM journal_entry_header"));
        (first, last, distinct).ShouldBe((1L, expectedEntries, expectedEntries), "JE numbers (first, last, distinct): 1..N without a gap");
    }

    /// <summary>The fund movements the source says the period must produce (TABARRU: allocations − risk claims, TANAHUD: − refunds).</summary>
    public static async Task<Dictionary<string, decimal>> ExpectedFundMovementsAsync(this PgDatabase db)
    {
        var range = new { start = new DateTime(2025, 1, 1), end = new DateTime(2025, 1, 31) };
        var premiums = await db.WithConnectionAsync(c => c.QuerySingleAsync<(decimal Tabarru, decimal Tanahud, decimal Ujroh)>("""
            SELECT coalesce(sum(fund_tabarru), 0), coalesce(sum(fund_tanahud), 0), coalesce(sum(fund_ujroh), 0)
            FROM premium_transaction WHERE status = 'PAID' AND payment_date BETWEEN @start::date AND @end::date
            """, range));
        var risk = await db.ScalarAsync<decimal>($"""
            SELECT coalesce(sum(claim_amount), 0) FROM claims_transaction
            WHERE status = 'APPROVED' AND claim_date BETWEEN @start::date AND @end::date AND claim_type IN {LedgerChecks.RiskClaimTypes}
            """, range);
        var refunds = await db.ScalarAsync<decimal>("""
            SELECT coalesce(sum(claim_amount), 0) FROM claims_transaction
            WHERE status = 'APPROVED' AND claim_date BETWEEN @start::date AND @end::date AND claim_type = 'TANAHUD_REFUND'
            """, range);
        return new Dictionary<string, decimal>
        {
            ["TABARRU"] = premiums.Tabarru - risk,
            ["TANAHUD"] = premiums.Tanahud - refunds,
            ["UJROH"] = premiums.Ujroh,
        };
    }

    public static async Task<Dictionary<string, decimal>> FundBalancesAsync(this PgDatabase db) =>
        (await db.QueryAsync<(string Fund, decimal Balance)>("SELECT fund_type, current_balance FROM fund_balance")).ToDictionary(r => r.Fund, r => r.Balance);

    public static async Task<long> FlaggedSourceRowsAsync(this PgDatabase db) =>
        await db.CountAsync("SELECT count(*) FROM premium_transaction WHERE batch_processed OR batch_id IS NOT NULL")
        + await db.CountAsync("SELECT count(*) FROM claims_transaction WHERE batch_processed OR batch_id IS NOT NULL");

    /// <summary>Nothing of any batch reached the ledger, the funds or the source flags.</summary>
    public static async Task ShouldBeUntouchedByBatchesAsync(this PgDatabase db, string why)
    {
        (await db.CountAsync("SELECT count(*) FROM journal_entry_header")).ShouldBe(0, $"journal entry headers ({why})");
        (await db.CountAsync("SELECT count(*) FROM journal_entry_line")).ShouldBe(0, $"journal entry lines ({why})");
        (await db.FundBalancesAsync()).ShouldBe(new Dictionary<string, decimal> { ["TABARRU"] = 0m, ["TANAHUD"] = 0m, ["UJROH"] = 0m },
            ignoreOrder: true, $"fund balances ({why})");
        (await db.FlaggedSourceRowsAsync()).ShouldBe(0, $"source rows flagged as processed ({why})");
    }

    private static async Task<string?> DifferenceAsync(Table table, PgDatabase subject, PgDatabase reference)
    {
        var mine = await BucketsAsync(table, subject);
        var theirs = await BucketsAsync(table, reference);
        var differing = mine.Keys.Union(theirs.Keys).Order()
            .Where(b => !mine.TryGetValue(b, out var m) || !theirs.TryGetValue(b, out var t) || m != t)
            .ToList();
        if (differing.Count == 0)
        {
            return null;
        }

        var (rowsMine, rowsTheirs) = (mine.Values.Sum(v => v.Rows), theirs.Values.Sum(v => v.Rows));
        var examples = new List<string>();
        foreach (var bucket in differing.Take(3))
        {
            var a = await RowsAsync(table, subject, bucket);
            var b = await RowsAsync(table, reference, bucket);
            examples.AddRange(a.Except(b).Take(3).Select(r => "  only in the faulted run: " + r));
            examples.AddRange(b.Except(a).Take(3).Select(r => "  only in the reference:   " + r));
        }

        return $"{table.What}: {rowsMine:N0} rows vs {rowsTheirs:N0} in the reference; {differing.Count} of " +
               $"{mine.Count.ToString(CultureInfo.InvariantCulture)} buckets of {BucketSize:N0} keys differ, e.g.\n" + string.Join("\n", examples.Take(12));
    }

    private static async Task<Dictionary<long, (long Rows, string Hash)>> BucketsAsync(Table table, PgDatabase db) =>
        (await db.QueryAsync<(long Bucket, long Rows, string Hash)>($"""
            SELECT {table.Key} / {BucketSize} AS bucket, count(*) AS rows,
                   md5(string_agg(ROW({table.Columns})::text, E'\n' ORDER BY {table.OrderBy})) AS hash
            FROM {table.Name} GROUP BY 1
            """)).ToDictionary(r => r.Bucket, r => (r.Rows, r.Hash));

    private static Task<List<string>> RowsAsync(Table table, PgDatabase db, long bucket) =>
        db.QueryAsync<string>($"SELECT ROW({table.Columns})::text FROM {table.Name} WHERE {table.Key} / {BucketSize} = @bucket ORDER BY {table.OrderBy}",
            new { bucket });

    private sealed record Table(string What, string Name, string Key, string OrderBy, string Columns);
}
