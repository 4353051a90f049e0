using MonthEnd.Core.Security;

namespace MonthEnd.Core.Tests.Security;

public sealed class RolePermissionsTests
{
    // The original design's BATCH_PERMISSIONS (§11.1.1), copied here as the oracle.
    private static readonly Dictionary<string, string[]> Original = new()
    {
        ["batch_admin"] = ["initiate_batch", "abort_batch", "rollback_batch", "view_all_batches", "modify_batch_config"],
        ["batch_operator"] = ["view_batch_status", "view_worker_status", "restart_failed_worker", "view_validation_results"],
        ["finance_viewer"] = ["view_batch_status", "view_validation_results", "download_batch_reports"],
        ["auditor"] = ["view_all_batches", "view_audit_trail", "export_audit_logs", "view_validation_results"],
    };

    private static readonly string[] AdminReadOnlyViews = ["view_batch_status", "view_worker_status", "view_validation_results"];

    [Fact]
    public void the_original_twelve_are_granted_exactly_as_the_original_table_grants_them_plus_read_only_views_for_batch_admin()
    {
        PermissionNames.Original.Select(p => p.Name()).ShouldBe(Original.Values.SelectMany(v => v).Distinct(), ignoreOrder: true);
        foreach (var role in Enum.GetValues<Role>())
        {
            foreach (var permission in PermissionNames.Original)
            {
                var expected = Original.TryGetValue(role.Name(), out var granted) && granted.Contains(permission.Name())
                               || role == Role.BatchAdmin && AdminReadOnlyViews.Contains(permission.Name());
                RolePermissions.Grants([role], permission).ShouldBe(expected, $"{role.Name()} / {permission.Name()}");
            }
        }
    }

    [Fact]
    public void the_worker_service_role_may_only_run_workers_and_send_notifications()
    {
        Enum.GetValues<Permission>().Where(p => RolePermissions.Grants([Role.BatchWorker], p)).ShouldBe([Permission.RunWorker, Permission.SendNotifications]);
    }

    [Fact]
    public void the_audit_trails_own_permissions_stay_with_the_auditor()
    {
        foreach (var permission in new[] { Permission.ViewAuditTrail, Permission.ExportAuditLogs, Permission.VerifyAudit })
        {
            RolePermissions.Holders(permission).ShouldBe([Role.Auditor]);
        }
    }

    [Fact]
    public void a_caller_without_roles_holds_no_permission()
    {
        var nobody = new Caller("nobody", [], "cli", null, null);
        Enum.GetValues<Permission>().Where(nobody.Holds).ShouldBeEmpty();
    }

    [Fact]
    public void permission_and_role_names_read_back_to_themselves()
    {
        foreach (var permission in Enum.GetValues<Permission>())
        {
            PermissionNames.TryParse(permission.Name(), out var parsed).ShouldBeTrue();
            parsed.ShouldBe(permission);
        }

        foreach (var role in Enum.GetValues<Role>())
        {
            RoleNames.TryParse(role.Name(), out var parsed).ShouldBeTrue();
            parsed.ShouldBe(role);
        }

        RoleNames.TryParse("BATCH_ADMIN", out _).ShouldBeFalse("role names are exact");
    }

    [Fact]
    public void docs_security_md_prints_the_same_table_as_the_code()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "MonthEnd.slnx")))
        {
            root = root.Parent;
        }

        root.ShouldNotBeNull("the repository root (MonthEnd.slnx) above the test binaries");
        var text = File.ReadAllText(Path.Combine(root.FullName, "docs", "security.md"));
        var table = text[(text.IndexOf("<!-- permissions-table:start -->", StringComparison.Ordinal) + 1)..text.IndexOf("<!-- permissions-table:end -->", StringComparison.Ordinal)];
        var rows = table.Split('\n').Where(l => l.StartsWith('|')).Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray()).ToList();
        var roles = rows[0].Skip(1).ToList();
        roles.ShouldBe(Enum.GetValues<Role>().Select(r => r.Name()));
        var documented = rows.Skip(2).ToDictionary(r => r[0], r => r.Skip(1).ToArray());
        documented.Keys.ShouldBe(Enum.GetValues<Permission>().Select(p => p.Name()), ignoreOrder: true);
        foreach (var (permission, marks) in documented)
        {
            PermissionNames.TryParse(permission, out var p).ShouldBeTrue(permission);
            for (var i = 0; i < roles.Count; i++)
            {
                RoleNames.TryParse(roles[i], out var role).ShouldBeTrue();
                (marks[i] == "✓").ShouldBe(RolePermissions.Grants([role], p), $"docs/security.md: {permission} / {roles[i]}");
            }
        }
    }
}
