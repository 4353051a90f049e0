using Microsoft.Data.Sqlite;
using MonthEnd.Core.Source;

namespace MonthEnd.Sqlite.SourceRows;

/// <summary>Bulk-appends source rows (test data, imports) in one transaction: all of them or none.</summary>
internal static class SourceRowWriter
{
    public static void Append(SqliteConnection connection, IEnumerable<PremiumRecord> premiums, IEnumerable<ClaimRecord> claims, CancellationToken ct)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        using (var insert = new RawStatement(connection, """
            INSERT INTO premium_transaction (txn_id, policy_id, txn_date, payment_date, premium_amount, fund_tabarru, fund_tanahud,
                fund_ujroh, product_code, plan_code, payment_method, status, account_number, policy_holder_id)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
            """))
        {
            foreach (var p in premiums)
            {
                Bind(insert, p).Execute();
            }
        }

        ct.ThrowIfCancellationRequested();
        using (var insert = new RawStatement(connection, """
            INSERT INTO claims_transaction (claim_id, policy_id, claim_date, claim_type, claim_amount, status, account_number, policy_holder_id)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """))
        {
            foreach (var c in claims)
            {
                Bind(insert, c).Execute();
            }
        }

        ct.ThrowIfCancellationRequested();
        transaction.Commit();
    }

    /// <summary>Binds a premium's 14 columns, in the source table's order, from parameter <paramref name="first"/> on.</summary>
    internal static RawStatement Bind(RawStatement insert, PremiumRecord p, int first = 1) =>
        insert.Bind(first, p.TxnId).Bind(first + 1, p.PolicyId).Bind(first + 2, Day(p.TxnDate)).Bind(first + 3, Day(p.PaymentDate))
            .Bind(first + 4, p.PremiumAmount?.Minor).Bind(first + 5, p.FundTabarru?.Minor).Bind(first + 6, p.FundTanahud?.Minor).Bind(first + 7, p.FundUjroh?.Minor)
            .Bind(first + 8, p.ProductCode).Bind(first + 9, p.PlanCode).Bind(first + 10, p.PaymentMethod).Bind(first + 11, p.Status)
            .Bind(first + 12, p.AccountNumber).Bind(first + 13, p.PolicyHolderId);

    /// <summary>Binds a claim's 8 columns, in the source table's order, from parameter <paramref name="first"/> on.</summary>
    internal static RawStatement Bind(RawStatement insert, ClaimRecord c, int first = 1) =>
        insert.Bind(first, c.ClaimId).Bind(first + 1, c.PolicyId).Bind(first + 2, Day(c.ClaimDate)).Bind(first + 3, c.ClaimType)
            .Bind(first + 4, c.ClaimAmount?.Minor).Bind(first + 5, c.Status).Bind(first + 6, c.AccountNumber).Bind(first + 7, c.PolicyHolderId);

    private static string? Day(DateOnly? date) => date?.ToString("yyyy-MM-dd");
}
