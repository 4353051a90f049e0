namespace MonthEnd.Postgres.DryRuns;

/// <summary>
/// What a dry run's scratch database receives from production, table by table, and which rows: the
/// rules and the chart of accounts (all versions: small), the fund balances, the ledger's last entry
/// (so the next JE number is the same), and the source a run of the period reads or checks. The
/// filters read the period's bounds from settings of the copying transaction
/// (monthend.dry_run_start/end), as COPY takes no parameters.
/// </summary>
internal static class DryRunScope
{
    public const string StartSetting = "monthend.dry_run_start";
    public const string EndSetting = "monthend.dry_run_end";

    /// <summary>In the order the foreign keys need them.</summary>
    public static readonly IReadOnlyList<(string Table, string Where)> Tables =
    [
        ("posting_rule_set", "TRUE"),
        ("chart_of_accounts", "TRUE"),
        ("posting_template", "TRUE"),
        ("posting_template_line", "TRUE"),
        ("takaful_product", "TRUE"),
        ("claim_type_route", "TRUE"),
        ("fund_balance", "TRUE"),
        // Closed periods (issue 12 item 6), so that the copy refuses a batch where production would;
        // copied when the schema has the table (ScratchCopy skips a table the migrations do not make).
        ("accounting_period", "TRUE"),
        ("journal_entry_header", "je_id = (SELECT max(je_id) FROM journal_entry_header)"),
        ("journal_entry_line", "je_id = (SELECT max(je_id) FROM journal_entry_header)"),
        ("premium_transaction", Source("premium_transaction", "txn_id", "payment_date")),
        ("claims_transaction", Source("claims_transaction", "claim_id", "claim_date")),
    ];

    /// <summary>Tables whose identity must go on after the copied ids (a new rules version saved on the copy).</summary>
    public static readonly IReadOnlyList<(string Table, string Column)> Identities =
        [("posting_rule_set", "rule_set_id"), ("premium_transaction", "row_id"), ("claims_transaction", "row_id")];

    /// <summary>
    /// The period's unprocessed rows; the unprocessed rows dated no real day (pre-flight refuses
    /// them, whatever the period); and the processed rows holding one of the period's ids (pre-flight
    /// refuses a repost): what the period's scan and its stray checks read, so the copy is refused
    /// where production would be.
    /// </summary>
    private static string Source(string table, string id, string date) => $"""
        (NOT batch_processed AND ({date} BETWEEN {Bound(StartSetting)} AND {Bound(EndSetting)}
                                  OR {date} IS NULL OR {date} < DATE '0001-01-01' OR {date} > DATE '9999-12-31'))
        OR (batch_processed AND {id} BETWEEN
            (SELECT min({id}) FROM {table} WHERE NOT batch_processed AND {date} BETWEEN {Bound(StartSetting)} AND {Bound(EndSetting)})
            AND (SELECT max({id}) FROM {table} WHERE NOT batch_processed AND {date} BETWEEN {Bound(StartSetting)} AND {Bound(EndSetting)}))
        """;

    private static string Bound(string setting) => $"current_setting('{setting}')::date";
}
