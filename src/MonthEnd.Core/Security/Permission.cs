namespace MonthEnd.Core.Security;

/// <summary>
/// What a caller may do. The first twelve are the original design's BATCH_PERMISSIONS (§11.1.1);
/// the rest name operations the original did not have. <see cref="RolePermissions"/> says who holds each.
/// </summary>
public enum Permission
{
    // The original design's twelve.
    InitiateBatch,
    AbortBatch,
    RollbackBatch,
    ViewAllBatches,
    ModifyBatchConfig,
    ViewBatchStatus,
    ViewWorkerStatus,
    RestartFailedWorker,
    ViewValidationResults,
    DownloadBatchReports,
    ViewAuditTrail,
    ExportAuditLogs,

    // Operations added since.
    PauseBatch,
    ResumeBatch,
    ValidateSource,
    GenerateSource,
    ImportSource,
    RunDryRun,
    ClosePeriod,
    ReverseBatch,
    ApproveRequest,
    ManageUsers,
    MigrateSchema,
    RunWorker,
    VerifyAudit,
    SendNotifications,
}

public static class PermissionNames
{
    private static readonly Dictionary<Permission, string> Names =
        Enum.GetValues<Permission>().ToDictionary(p => p, Snake);

    private static readonly Dictionary<string, Permission> ByName =
        Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>The permission as the original design spells it: <c>initiate_batch</c>.</summary>
    public static string Name(this Permission permission) => Names[permission];

    public static bool TryParse(string? name, out Permission permission) => ByName.TryGetValue(name ?? "", out permission);

    /// <summary>The twelve of the original design's BATCH_PERMISSIONS.</summary>
    public static IReadOnlyList<Permission> Original { get; } = [.. Enum.GetValues<Permission>().Where(p => p <= Permission.ExportAuditLogs)];

    private static string Snake(Permission permission) =>
        string.Concat(permission.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
