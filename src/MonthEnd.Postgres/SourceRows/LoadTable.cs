using MonthEnd.Core.Posting;

namespace MonthEnd.Postgres.SourceRows;

/// <summary>
/// The SQL of a load table (import_load): the source table's columns and the line. Amounts are
/// NUMERIC without a precision, so a row whose amount is beyond the source's NUMERIC(18,2) loads
/// (and is reported by the rules) instead of failing the COPY.
/// </summary>
internal sealed record LoadTable(string Source, string Id, string Columns, string Definition)
{
    public static LoadTable For(SourceKind kind) => kind == SourceKind.Premium ? Premiums : Claims;

    private static readonly LoadTable Premiums = new("premium_transaction", "txn_id",
        "txn_id, policy_id, txn_date, payment_date, premium_amount, fund_tabarru, fund_tanahud, fund_ujroh, product_code, plan_code, payment_method, status, account_number, policy_holder_id",
        """
        line BIGINT NOT NULL, txn_id BIGINT, policy_id BIGINT, txn_date DATE, payment_date DATE, premium_amount NUMERIC,
        fund_tabarru NUMERIC, fund_tanahud NUMERIC, fund_ujroh NUMERIC, product_code TEXT, plan_code TEXT, payment_method TEXT, status TEXT,
        account_number TEXT, policy_holder_id TEXT
        """);

    private static readonly LoadTable Claims = new("claims_transaction", "claim_id",
        "claim_id, policy_id, claim_date, claim_type, claim_amount, status, account_number, policy_holder_id",
        """
        line BIGINT NOT NULL, claim_id BIGINT, policy_id BIGINT, claim_date DATE, claim_type TEXT, claim_amount NUMERIC, status TEXT,
        account_number TEXT, policy_holder_id TEXT
        """);

    /// <summary>Every line after the first that gives an id, with that first line; read along the load's (id, line) index.</summary>
    public string Repeated => $"""
        SELECT l.line, l.{Id}, f.first_line
        FROM import_load l
        JOIN (SELECT {Id} AS id, min(line) AS first_line FROM import_load WHERE {Id} IS NOT NULL GROUP BY {Id} HAVING count(*) > 1) f
          ON f.id = l.{Id}
        WHERE l.line > f.first_line
        ORDER BY l.line
        """;

    /// <summary>Loaded ids the source table holds: a semi-join on the source's id index (migration 0006).</summary>
    public string Existing => $"""
        SELECT l.line, l.{Id}
        FROM import_load l
        WHERE EXISTS (SELECT 1 FROM {Source} s WHERE s.{Id} = l.{Id})
        ORDER BY l.line
        """;

    public string Move => $"INSERT INTO {Source} ({Columns}) SELECT {Columns} FROM import_load ORDER BY line";
}
