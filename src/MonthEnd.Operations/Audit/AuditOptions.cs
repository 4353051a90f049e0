namespace MonthEnd.Operations.Audit;

/// <summary>
/// Where the audit trail's secret key comes from. It must live outside the database: someone who
/// can write to the database but not read the key cannot forge the chain. Either the key itself
/// (base64 of 32 random bytes, e.g. MONTHEND_AUDIT_KEY from a secret store) or a key file.
/// </summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>The key, base64; wins over <see cref="KeyFile"/>.</summary>
    public string? Key { get; set; }

    /// <summary>A file holding the key (base64), readable by its owner only.</summary>
    public string? KeyFile { get; set; }
}
