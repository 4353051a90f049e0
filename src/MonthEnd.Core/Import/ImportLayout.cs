using MonthEnd.Core.Posting;

namespace MonthEnd.Core.Import;

/// <summary>What a column of an import file holds, which says how its text is read.</summary>
public enum ColumnType
{
    /// <summary>A source id: a whole number in <see cref="Source.SourceIds"/>' range.</summary>
    Id,

    /// <summary>A whole number (policy_id).</summary>
    Integer,

    /// <summary>An ISO date, yyyy-MM-dd.</summary>
    Date,

    /// <summary>An amount in rupiah with a dot and at most two decimals: 1500000 or 1500000.25.</summary>
    Amount,

    /// <summary>Text taken as it is (no trimming).</summary>
    Text,
}

/// <param name="Required">Refused when empty, whatever the status; the other columns are required as the source rules say (for posted statuses).</param>
/// <param name="Personal">Personal data (docs/security.md): a finding never quotes it.</param>
public sealed record ImportColumn(string Name, ColumnType Type, bool Required = false, bool Personal = false);

/// <summary>
/// The columns of an import file, one layout per source table, in the order generate --csv writes
/// them (docs/operations-import.md prints them). The names are the source tables' column names.
/// </summary>
public static class ImportLayout
{
    public static IReadOnlyList<ImportColumn> Premiums { get; } =
    [
        new("txn_id", ColumnType.Id, Required: true),
        new("policy_id", ColumnType.Integer),
        new("txn_date", ColumnType.Date),
        new("payment_date", ColumnType.Date),
        new("premium_amount", ColumnType.Amount),
        new("fund_tabarru", ColumnType.Amount),
        new("fund_tanahud", ColumnType.Amount),
        new("fund_ujroh", ColumnType.Amount),
        new("product_code", ColumnType.Text),
        new("plan_code", ColumnType.Text),
        new("payment_method", ColumnType.Text),
        new("status", ColumnType.Text, Required: true),
        new("account_number", ColumnType.Text, Personal: true),
        new("policy_holder_id", ColumnType.Text, Personal: true),
    ];

    public static IReadOnlyList<ImportColumn> Claims { get; } =
    [
        new("claim_id", ColumnType.Id, Required: true),
        new("policy_id", ColumnType.Integer),
        new("claim_date", ColumnType.Date),
        new("claim_type", ColumnType.Text),
        new("claim_amount", ColumnType.Amount),
        new("status", ColumnType.Text, Required: true),
        new("account_number", ColumnType.Text, Personal: true),
        new("policy_holder_id", ColumnType.Text, Personal: true),
    ];

    public static IReadOnlyList<ImportColumn> For(SourceKind kind) => kind == SourceKind.Premium ? Premiums : Claims;

    /// <summary>The id column: txn_id or claim_id.</summary>
    public static string IdColumn(SourceKind kind) => For(kind)[0].Name;
}
