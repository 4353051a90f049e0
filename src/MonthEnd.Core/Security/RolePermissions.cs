using static MonthEnd.Core.Security.Permission;

namespace MonthEnd.Core.Security;

/// <summary>
/// The one table of who may do what. The original twelve are granted as the original design's
/// BATCH_PERMISSIONS grants them, plus the read-only views for batch_admin (an administrator who
/// cannot see the batch she runs is no use); the audit trail stays with the auditor so that the
/// people it records are not the people who read and verify it. docs/security.md prints this table.
/// </summary>
public static class RolePermissions
{
    public static IReadOnlyDictionary<Role, IReadOnlySet<Permission>> Table { get; } = new Dictionary<Role, IReadOnlySet<Permission>>
    {
        [Role.BatchAdmin] = new HashSet<Permission>
        {
            InitiateBatch, AbortBatch, RollbackBatch, ViewAllBatches, ModifyBatchConfig,
            ViewBatchStatus, ViewWorkerStatus, ViewValidationResults,
            PauseBatch, ResumeBatch, ValidateSource, GenerateSource, ImportSource, RunDryRun, ClosePeriod,
            ReverseBatch, ApproveRequest, ManageUsers, MigrateSchema, RunWorker, SendNotifications,
        },
        [Role.BatchOperator] = new HashSet<Permission>
        {
            ViewBatchStatus, ViewWorkerStatus, RestartFailedWorker, ViewValidationResults,
            PauseBatch, ValidateSource, RunDryRun,
        },
        [Role.FinanceViewer] = new HashSet<Permission>
        {
            ViewBatchStatus, ViewValidationResults, DownloadBatchReports,
        },
        [Role.Auditor] = new HashSet<Permission>
        {
            ViewAllBatches, ViewAuditTrail, ExportAuditLogs, ViewValidationResults, VerifyAudit,
        },
        [Role.BatchWorker] = new HashSet<Permission> { RunWorker, SendNotifications },
    };

    public static bool Grants(IEnumerable<Role> roles, Permission permission) =>
        roles.Any(r => Table.TryGetValue(r, out var held) && held.Contains(permission));

    /// <summary>The roles that hold a permission, for refusals ("held by batch_admin").</summary>
    public static IReadOnlyList<Role> Holders(Permission permission) =>
        [.. Table.Where(r => r.Value.Contains(permission)).Select(r => r.Key)];
}
