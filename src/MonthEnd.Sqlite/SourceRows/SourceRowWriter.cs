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
                insert.Bind(1, p.TxnId).Bind(2, p.PolicyId).Bind(3, Day(p.TxnDate)).Bind(4, Day(p.PaymentDate))
                    .Bind(5, p.PremiumAmount?.Minor).Bind(6, p.FundTabarru?.Minor).Bind(7, p.FundTanahud?.Minor).Bind(8, p.FundUjroh?.Minor)
                    .Bind(9, p.ProductCode).Bind(10, p.PlanCode).Bind(11, p.PaymentMethod).Bind(12, p.Status)
                    .Bind(13, p.AccountNumber).Bind(14, p.PolicyHolderId)
                    .Execute();
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
                insert.Bind(1, c.ClaimId).Bind(2, c.PolicyId).Bind(3, Day(c.ClaimDate)).Bind(4, c.ClaimType).Bind(5, c.ClaimAmount?.Minor).Bind(6, c.Status)
                    .Bind(7, c.AccountNumber).Bind(8, c.PolicyHolderId)
                    .Execute();
            }
        }

        ct.ThrowIfCancellationRequested();
        transaction.Commit();
    }

    private static string? Day(DateOnly? date) => date?.ToString("yyyy-MM-dd");
}
