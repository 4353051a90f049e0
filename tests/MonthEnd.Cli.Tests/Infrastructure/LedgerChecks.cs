using Dapper;
using Microsoft.Data.Sqlite;

namespace MonthEnd.Cli.Tests.Infrastructure;

/// <summary>Checks of a database's ledger, fund balances and source flags, computed with plain SQL, independently of the product.</summary>
public static class LedgerChecks
{
    public const string RiskClaimTypes = "('DEATH', 'DISABILITY', 'CRITICAL_ILLNESS', 'HOSPITAL')";

    public static long Count(this SqliteConnection db, string sql, object? args = null) => db.ExecuteScalar<long>(sql, args);

    public static Dictionary<string, long> FundBalances(this SqliteConnection db) =>
        db.Query<(string Fund, long Balance)>("SELECT fund_type, current_balance FROM fund_balance").ToDictionary(r => r.Fund, r => r.Balance);

    /// <summary>Every entry balances, every header's totals are its lines' totals, numbers run 1..N without a gap.</summary>
    public static void ShouldHaveConsistentLedger(this SqliteConnection db, long expectedEntries)
    {
        db.Count("SELECT count(*) FROM journal_entry_header").ShouldBe(expectedEntries, "journal entries in the ledger");
        db.Count("""
            SELECT count(*) FROM (
                SELECT je_id FROM journal_entry_line GROUP BY je_id HAVING sum(debit_amount) <> sum(credit_amount))
            """).ShouldBe(0, "entries whose lines do not balance");
        db.Count("""
            SELECT count(*) FROM journal_entry_header h
            LEFT JOIN (SELECT je_id, sum(debit_amount) AS debit, sum(credit_amount) AS credit FROM journal_entry_line GROUP BY je_id) l
                   ON l.je_id = h.je_id
            WHERE l.je_id IS NULL OR h.total_debit <> l.debit OR h.total_credit <> l.credit OR h.total_debit <> h.total_credit
            """).ShouldBe(0, "headers without lines, or whose totals differ from their lines");
        db.Count("SELECT count(*) FROM journal_entry_line WHERE je_id NOT IN (SELECT je_id FROM journal_entry_header)")
            .ShouldBe(0, "lines without a header");
        db.Count("SELECT count(*) FROM journal_entry_line WHERE debit_amount <> 0 AND credit_amount <> 0")
            .ShouldBe(0, "lines that are both debit and credit");
        var (first, last, distinct) = db.QuerySingle<(long, long, long)>(
            "SELECT coalesce(min(je_number), 0), coalesce(max(je_number), 0), count(DISTINCT je_number) FROM journal_entry_header");
        if (expectedEntries > 0)
        {
            first.ShouldBe(1, "the first JE number");
        }

        last.ShouldBe(expectedEntries, "the last JE number (contiguous from 1)");
        distinct.ShouldBe(expectedEntries, "distinct JE numbers");
    }

    /// <summary>
    /// The fund balances the source says the period must produce, computed from the source tables:
    /// TABARRU = Σ fund_tabarru − Σ risk claims, TANAHUD = Σ fund_tanahud − Σ Tanahud refunds, UJROH = Σ fund_ujroh.
    /// </summary>
    public static Dictionary<string, long> ExpectedFundMovements(this SqliteConnection db, string period)
    {
        var range = Range(period);
        var premiums = db.QuerySingle<(long Tabarru, long Tanahud, long Ujroh)>("""
            SELECT coalesce(sum(fund_tabarru), 0), coalesce(sum(fund_tanahud), 0), coalesce(sum(fund_ujroh), 0)
            FROM premium_transaction WHERE status = 'PAID' AND payment_date BETWEEN @start AND @end
            """, range);
        var riskClaims = db.Count($"""
            SELECT coalesce(sum(claim_amount), 0) FROM claims_transaction
            WHERE status = 'APPROVED' AND claim_date BETWEEN @start AND @end AND claim_type IN {RiskClaimTypes}
            """, range);
        var refunds = db.Count("""
            SELECT coalesce(sum(claim_amount), 0) FROM claims_transaction
            WHERE status = 'APPROVED' AND claim_date BETWEEN @start AND @end AND claim_type = 'TANAHUD_REFUND'
            """, range);
        return new Dictionary<string, long>
        {
            ["TABARRU"] = premiums.Tabarru - riskClaims,
            ["TANAHUD"] = premiums.Tanahud - refunds,
            ["UJROH"] = premiums.Ujroh,
        };
    }

    public static (long Premiums, long Claims) SourceCounts(this SqliteConnection db, string period)
    {
        var range = Range(period);
        return (db.Count("SELECT count(*) FROM premium_transaction WHERE payment_date BETWEEN @start AND @end", range),
            db.Count("SELECT count(*) FROM claims_transaction WHERE claim_date BETWEEN @start AND @end", range));
    }

    public static long FlaggedSourceRows(this SqliteConnection db) =>
        db.Count("SELECT count(*) FROM premium_transaction WHERE batch_processed = 1 OR batch_id IS NOT NULL")
        + db.Count("SELECT count(*) FROM claims_transaction WHERE batch_processed = 1 OR batch_id IS NOT NULL");

    /// <summary>Nothing of any batch reached the ledger, the funds or the source flags.</summary>
    public static void ShouldBeUntouchedByBatches(this SqliteConnection db)
    {
        db.Count("SELECT count(*) FROM journal_entry_header").ShouldBe(0, "journal entry headers");
        db.Count("SELECT count(*) FROM journal_entry_line").ShouldBe(0, "journal entry lines");
        db.FundBalances().ShouldBe(new Dictionary<string, long> { ["TABARRU"] = 0, ["TANAHUD"] = 0, ["UJROH"] = 0 }, ignoreOrder: true);
        db.FlaggedSourceRows().ShouldBe(0, "source rows flagged as processed");
    }

    /// <summary>
    /// The subject database holds exactly the reference's ledger (every column but who/when posted),
    /// fund balances and source flags.
    /// </summary>
    public static void ShouldMatchReference(string subjectDb, string referenceDb)
    {
        using var db = Workspace.OpenFile(subjectDb);
        db.Execute("ATTACH DATABASE @file AS ref", new { file = referenceDb });
        db.Count("SELECT count(*) FROM main.journal_entry_header").ShouldBe(db.Count("SELECT count(*) FROM ref.journal_entry_header"), "header count");
        db.Count("SELECT count(*) FROM main.journal_entry_line").ShouldBe(db.Count("SELECT count(*) FROM ref.journal_entry_line"), "line count");
        ShouldHaveNoDifferences(db, "journal_entry_header rows", """
            SELECT a.je_id AS k FROM main.journal_entry_header a LEFT JOIN ref.journal_entry_header b ON b.je_id = a.je_id
            WHERE b.je_id IS NULL OR a.je_number IS NOT b.je_number OR a.je_date IS NOT b.je_date OR a.je_type IS NOT b.je_type
               OR a.reference_type IS NOT b.reference_type OR a.reference_id IS NOT b.reference_id OR a.description IS NOT b.description
               OR a.total_debit IS NOT b.total_debit OR a.total_credit IS NOT b.total_credit OR a.status IS NOT b.status
               OR a.coa_version_id IS NOT b.coa_version_id OR a.template_code IS NOT b.template_code OR a.created_by IS NOT b.created_by
               OR a.batch_id IS NOT b.batch_id
            """);
        ShouldHaveNoDifferences(db, "journal_entry_line rows", """
            SELECT a.je_id AS k FROM main.journal_entry_line a LEFT JOIN ref.journal_entry_line b ON b.je_id = a.je_id AND b.line_number = a.line_number
            WHERE b.je_id IS NULL OR a.account_code IS NOT b.account_code OR a.fund_type IS NOT b.fund_type
               OR a.debit_amount IS NOT b.debit_amount OR a.credit_amount IS NOT b.credit_amount OR a.description IS NOT b.description
            """);
        ShouldHaveNoDifferences(db, "fund balances", """
            SELECT a.fund_type AS k FROM main.fund_balance a LEFT JOIN ref.fund_balance b ON b.fund_type = a.fund_type
            WHERE b.fund_type IS NULL OR a.current_balance IS NOT b.current_balance
            """);
        // Compared in memory, in key order: SQLite builds no automatic index on an attached database's
        // table, so a join on the unindexed txn_id would be quadratic.
        ShouldHaveSameFlags(db, "premium_transaction", "txn_id");
        ShouldHaveSameFlags(db, "claims_transaction", "claim_id");
    }

    private static void ShouldHaveSameFlags(SqliteConnection db, string table, string key)
    {
        List<(long? Key, long Processed, string? BatchId)> Flags(string schema) =>
            db.Query<(long?, long, string?)>($"SELECT {key}, batch_processed, batch_id FROM {schema}.{table} ORDER BY {key}, rowid").ToList();
        var subject = Flags("main");
        var expected = Flags("ref");
        subject.Count.ShouldBe(expected.Count, $"{table} rows");
        var differences = subject.Zip(expected).Where(p => p.First != p.Second).Take(5).Select(p => $"{p.First} vs {p.Second}").ToList();
        differences.ShouldBeEmpty($"{table} flags (batch_processed, batch_id) differ from the reference run");
    }

    /// <summary>
    /// Every ledger entry equals what the default rules make of its source record, worked out here in
    /// plain SQL: three entries per PAID premium (Tabarru', Tanahud, Ujrah: 1101 debit, 4101/4201/4301
    /// credit), one per APPROVED claim (5101 or 5201 debit, 2101 credit), numbered 1.. in source id
    /// order, premiums first; and no entry besides them.
    /// </summary>
    public static void ShouldEqualWhatTheSourceMakes(this SqliteConnection db, string period)
    {
        var entries = $"""
            WITH p AS (SELECT txn_id, payment_date, fund_tabarru, fund_tanahud, fund_ujroh, row_number() OVER (ORDER BY txn_id) AS n
                       FROM premium_transaction WHERE status = 'PAID' AND payment_date BETWEEN @start AND @end),
                 c AS (SELECT claim_id, claim_date, claim_type, claim_amount, row_number() OVER (ORDER BY claim_id) AS n
                       FROM claims_transaction WHERE status = 'APPROVED' AND claim_date BETWEEN @start AND @end),
                 expected (je_number, reference_type, reference_id, je_date, template_code, amount, debit_account, credit_account, fund) AS (
                     SELECT 3 * (n - 1) + 1, 'PREMIUM', txn_id, payment_date, 'PREM-TBR', fund_tabarru, '1101', '4101', 'TABARRU' FROM p
                     UNION ALL SELECT 3 * (n - 1) + 2, 'PREMIUM', txn_id, payment_date, 'PREM-TNH', fund_tanahud, '1101', '4201', 'TANAHUD' FROM p
                     UNION ALL SELECT 3 * (n - 1) + 3, 'PREMIUM', txn_id, payment_date, 'PREM-UJR', fund_ujroh, '1101', '4301', 'UJROH' FROM p
                     UNION ALL SELECT 3 * (SELECT count(*) FROM p) + n, 'CLAIM', claim_id, claim_date,
                            CASE WHEN claim_type IN {RiskClaimTypes} THEN 'CLM-TBR' ELSE 'CLM-TNH' END, claim_amount,
                            CASE WHEN claim_type IN {RiskClaimTypes} THEN '5101' ELSE '5201' END, '2101',
                            CASE WHEN claim_type IN {RiskClaimTypes} THEN 'TABARRU' ELSE 'TANAHUD' END FROM c),
                 actual (je_number, reference_type, reference_id, je_date, template_code, amount, debit_account, credit_account, fund) AS (
                     SELECT h.je_number, h.reference_type, h.reference_id, h.je_date, h.template_code, h.total_debit,
                            d.account_code, k.account_code, coalesce(d.fund_type, k.fund_type)
                     FROM journal_entry_header h
                     JOIN journal_entry_line d ON d.je_id = h.je_id AND d.line_number = 1 AND d.debit_amount = h.total_debit AND d.credit_amount = 0
                     JOIN journal_entry_line k ON k.je_id = h.je_id AND k.line_number = 2 AND k.credit_amount = h.total_debit AND k.debit_amount = 0
                     WHERE h.total_credit = h.total_debit AND h.je_id = h.je_number)
            """;
        var range = Range(period);
        var missing = db.Query<string>($"{entries} SELECT je_number || ' ' || reference_id FROM (SELECT * FROM expected EXCEPT SELECT * FROM actual) LIMIT 5", range).ToList();
        var extra = db.Query<string>($"{entries} SELECT je_number || ' ' || reference_id FROM (SELECT * FROM actual EXCEPT SELECT * FROM expected) LIMIT 5", range).ToList();
        db.Count($"{entries} SELECT count(*) FROM expected", range).ShouldBe(db.Count("SELECT count(*) FROM journal_entry_header"), "entries the source makes");
        missing.ShouldBeEmpty("entries the source makes that the ledger lacks or holds differently (JE number, source id)");
        extra.ShouldBeEmpty("ledger entries that no source record makes as they are");
        db.Count("SELECT count(*) FROM journal_entry_line").ShouldBe(2 * db.Count("SELECT count(*) FROM journal_entry_header"), "two lines per entry");
    }

    private static void ShouldHaveNoDifferences(SqliteConnection db, string what, string differingKeys)
    {
        var count = db.Count($"SELECT count(*) FROM ({differingKeys})");
        if (count > 0)
        {
            var examples = db.Query<string>($"SELECT CAST(k AS TEXT) FROM ({differingKeys}) LIMIT 5");
            Assert.Fail($"{count} {what} differ from the reference run, e.g. keys {string.Join(", ", examples)}");
        }
    }

    private static object Range(string period)
    {
        var start = DateOnly.ParseExact(period + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return new { start = start.ToString("yyyy-MM-dd"), end = start.AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd") };
    }
}
