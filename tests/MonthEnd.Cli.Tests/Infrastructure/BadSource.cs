using Dapper;

namespace MonthEnd.Cli.Tests.Infrastructure;

/// <summary>Invalid source rows written straight into the tables, as an upstream load might leave them.</summary>
public static class BadSource
{
    /// <summary>Each bad record as the CLI names it, with the one rule it breaks.</summary>
    public static readonly (string Source, string Record, string Rule)[] Expected =
    [
        ("PREMIUM", "premium txn_id 5", "ID_UNIQUE"),
        ("PREMIUM", "premium txn_id 900001", "AMOUNT_POSITIVE"),
        ("PREMIUM", "premium txn_id 900002", "FUND_PARTS_SUM_TO_PREMIUM"),
        ("PREMIUM", "premium txn_id 900003", "REQUIRED_FIELD"),
        ("CLAIM", "claim claim_id 900001", "CLAIM_TYPE_KNOWN"),
    ];

    /// <summary>Adds one row per expected violation to a database already holding generated rows (txn_id 5 among them) for 2025-01.</summary>
    public static void Insert(Workspace ws)
    {
        using var db = ws.Open();
        using var transaction = db.BeginTransaction();
        const string premium = """
            INSERT INTO premium_transaction (txn_id, policy_id, txn_date, payment_date, premium_amount, fund_tabarru, fund_tanahud, fund_ujroh,
                                             product_code, plan_code, payment_method, status)
            VALUES (@id, 77, '2025-01-15', '2025-01-16', @amount, @tabarru, @tanahud, @ujroh, @product, 'PLAN-A', 'TRANSFER', 'PAID')
            """;
        // A premium of zero.
        db.Execute(premium, new { id = 900001, amount = 0, tabarru = 0, tanahud = 0, ujroh = 0, product = "HYBRID-LIFE-001" }, transaction);
        // 1,000,000.00 IDR whose parts sum to 900,000.00.
        db.Execute(premium, new { id = 900002, amount = 100_000_000, tabarru = 40_000_000, tanahud = 40_000_000, ujroh = 10_000_000, product = "HYBRID-LIFE-001" }, transaction);
        // No product.
        db.Execute(premium, new { id = 900003, amount = 100_000_000, tabarru = 40_000_000, tanahud = 40_000_000, ujroh = 20_000_000, product = (string?)null }, transaction);
        // A second row with an existing txn_id (a double load).
        db.Execute("INSERT INTO premium_transaction SELECT * FROM premium_transaction WHERE txn_id = 5", transaction: transaction);
        // A claim type no template routes.
        db.Execute("""
            INSERT INTO claims_transaction (claim_id, policy_id, claim_date, claim_type, claim_amount, status)
            VALUES (900001, 77, '2025-01-20', 'FLOOD', 500000000, 'APPROVED')
            """, transaction: transaction);
        transaction.Commit();
    }
}
