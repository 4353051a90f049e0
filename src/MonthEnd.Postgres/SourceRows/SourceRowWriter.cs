using MonthEnd.Core.Source;
using Npgsql;
using NpgsqlTypes;

namespace MonthEnd.Postgres.SourceRows;

/// <summary>Bulk-appends source rows with binary COPY in one transaction: all of them or none.</summary>
internal static class SourceRowWriter
{
    public static async Task AppendAsync(NpgsqlConnection connection, IEnumerable<PremiumRecord> premiums, IEnumerable<ClaimRecord> claims, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY premium_transaction (txn_id, policy_id, txn_date, payment_date, premium_amount, fund_tabarru, fund_tanahud, fund_ujroh,
                product_code, plan_code, payment_method, status, account_number, policy_holder_id) FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var p in premiums)
            {
                copy.StartRow();
                Write(copy, p);
            }

            await copy.CompleteAsync(ct);
        }

        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY claims_transaction (claim_id, policy_id, claim_date, claim_type, claim_amount, status, account_number, policy_holder_id)
            FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var c in claims)
            {
                copy.StartRow();
                Write(copy, c);
            }

            await copy.CompleteAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>A premium's 14 columns, in the source table's order, into the current row.</summary>
    internal static void Write(NpgsqlBinaryImporter copy, PremiumRecord p)
    {
        Write(copy, p.TxnId, NpgsqlDbType.Bigint);
        Write(copy, p.PolicyId, NpgsqlDbType.Bigint);
        Write(copy, p.TxnDate, NpgsqlDbType.Date);
        Write(copy, p.PaymentDate, NpgsqlDbType.Date);
        Write(copy, p.PremiumAmount?.ToDecimal(), NpgsqlDbType.Numeric);
        Write(copy, p.FundTabarru?.ToDecimal(), NpgsqlDbType.Numeric);
        Write(copy, p.FundTanahud?.ToDecimal(), NpgsqlDbType.Numeric);
        Write(copy, p.FundUjroh?.ToDecimal(), NpgsqlDbType.Numeric);
        Write(copy, p.ProductCode, NpgsqlDbType.Text);
        Write(copy, p.PlanCode, NpgsqlDbType.Text);
        Write(copy, p.PaymentMethod, NpgsqlDbType.Text);
        Write(copy, p.Status, NpgsqlDbType.Text);
        Write(copy, p.AccountNumber, NpgsqlDbType.Text);
        Write(copy, p.PolicyHolderId, NpgsqlDbType.Text);
    }

    /// <summary>A claim's 8 columns, in the source table's order, into the current row.</summary>
    internal static void Write(NpgsqlBinaryImporter copy, ClaimRecord c)
    {
        Write(copy, c.ClaimId, NpgsqlDbType.Bigint);
        Write(copy, c.PolicyId, NpgsqlDbType.Bigint);
        Write(copy, c.ClaimDate, NpgsqlDbType.Date);
        Write(copy, c.ClaimType, NpgsqlDbType.Text);
        Write(copy, c.ClaimAmount?.ToDecimal(), NpgsqlDbType.Numeric);
        Write(copy, c.Status, NpgsqlDbType.Text);
        Write(copy, c.AccountNumber, NpgsqlDbType.Text);
        Write(copy, c.PolicyHolderId, NpgsqlDbType.Text);
    }

    internal static void Write(NpgsqlBinaryImporter copy, long? value, NpgsqlDbType type)
    {
        if (value is { } v) copy.Write(v, type); else copy.WriteNull();
    }

    private static void Write(NpgsqlBinaryImporter copy, DateOnly? value, NpgsqlDbType type)
    {
        if (value is { } v) copy.Write(v, type); else copy.WriteNull();
    }

    private static void Write(NpgsqlBinaryImporter copy, decimal? value, NpgsqlDbType type)
    {
        if (value is { } v) copy.Write(v, type); else copy.WriteNull();
    }

    private static void Write(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type)
    {
        if (value is not null) copy.Write(value, type); else copy.WriteNull();
    }
}
