using MonthEnd.Core.Posting;

namespace MonthEnd.Sqlite.SourceRows;

/// <summary>The SQL of a load table (temp.import_load): the source table's columns, as the source stores them, and the line.</summary>
internal sealed record LoadTable(string Source, string Id, string Columns, string Definition, int ColumnCount)
{
    public static LoadTable For(SourceKind kind) => kind == SourceKind.Premium ? Premiums : Claims;

    private static readonly LoadTable Premiums = new("premium_transaction", "txn_id",
        "txn_id, policy_id, txn_date, payment_date, premium_amount, fund_tabarru, fund_tanahud, fund_ujroh, product_code, plan_code, payment_method, status, account_number, policy_holder_id",
        """
        line INTEGER NOT NULL, txn_id INTEGER, policy_id INTEGER, txn_date TEXT, payment_date TEXT, premium_amount INTEGER,
        fund_tabarru INTEGER, fund_tanahud INTEGER, fund_ujroh INTEGER, product_code TEXT, plan_code TEXT, payment_method TEXT, status TEXT,
        account_number TEXT, policy_holder_id TEXT
        """, 14);

    private static readonly LoadTable Claims = new("claims_transaction", "claim_id",
        "claim_id, policy_id, claim_date, claim_type, claim_amount, status, account_number, policy_holder_id",
        """
        line INTEGER NOT NULL, claim_id INTEGER, policy_id INTEGER, claim_date TEXT, claim_type TEXT, claim_amount INTEGER, status TEXT,
        account_number TEXT, policy_holder_id TEXT
        """, 8);

    public string Insert => $"INSERT INTO temp.import_load (line, {Columns}) VALUES ({string.Join(", ", Enumerable.Range(1, ColumnCount + 1).Select(i => $"?{i}"))})";

    /// <summary>Every line after the first that gives an id, with that first line; read along the load's (id, line) index.</summary>
    public string Repeated => $"""
        SELECT l.line, l.{Id}, f.first_line
        FROM temp.import_load l
        JOIN (SELECT {Id} AS id, min(line) AS first_line FROM temp.import_load WHERE {Id} IS NOT NULL GROUP BY {Id} HAVING count(*) > 1) f
          ON f.id = l.{Id}
        WHERE l.line > f.first_line
        ORDER BY l.line
        """;

    /// <summary>
    /// Loaded ids the source table holds: one probe per row into the source's two partial id indexes
    /// (unprocessed and processed rows, migrations 0001 and 0003), which together hold every row.
    /// </summary>
    public string Existing => $"""
        SELECT l.line, l.{Id}
        FROM temp.import_load l
        WHERE l.{Id} IS NOT NULL
          AND (EXISTS (SELECT 1 FROM main.{Source} s WHERE s.{Id} = l.{Id} AND s.batch_processed = 0)
            OR EXISTS (SELECT 1 FROM main.{Source} s WHERE s.{Id} = l.{Id} AND s.batch_processed = 1))
        ORDER BY l.line
        """;

    /// <summary>In file order: rows were inserted in line order, so rowid order is line order, read without a sort.</summary>
    public string Move => $"INSERT INTO main.{Source} ({Columns}) SELECT {Columns} FROM temp.import_load ORDER BY rowid";
}
