using Dapper;
using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests;

/// <summary>Identity, permissions, four-eyes and the audit trail through the real executable, on SQLite.</summary>
public sealed class SecurityTests
{
    private const string ViewerPassword = "viewer password 123";

    private static Dictionary<string, string?> As(string user, string password) => new() { ["MONTHEND_USER"] = user, ["MONTHEND_PASSWORD"] = password };

    private static readonly Dictionary<string, string?> Nobody = new() { ["MONTHEND_USER"] = null, ["MONTHEND_PASSWORD"] = null };

    [Fact]
    public async Task a_command_without_identity_or_with_a_wrong_password_exits_6_and_does_nothing()
    {
        using var ws = new Workspace();
        await ws.InitAsync();

        var none = (await ws.CliWithAsync(Nobody, "generate", "--period", "2025-01", "--premiums", "5")).ShouldExitWith(6);
        none.Stderr.ShouldContain("MONTHEND_USER");
        var wrong = (await ws.CliWithAsync(As(TestIdentity.Admin, "not the password"), "generate", "--period", "2025-01", "--premiums", "5")).ShouldExitWith(6);
        wrong.Stderr.ShouldContain("unknown user or wrong password");
        var unknown = (await ws.CliWithAsync(As("ghost", "whatever it is"), "generate", "--period", "2025-01", "--premiums", "5")).ShouldExitWith(6);
        unknown.Stderr.ShouldBe(wrong.Stderr, "an unknown user reads like a wrong password");

        using var db = ws.Open();
        db.ExecuteScalar<long>("SELECT count(*) FROM premium_transaction").ShouldBe(0);
        db.ExecuteScalar<long>("SELECT count(*) FROM audit_batch_operations WHERE operation = 'SIGN_IN' AND status = 'FAILED'").ShouldBe(2);
    }

    [Fact]
    public async Task five_wrong_passwords_lock_the_user_so_that_even_the_right_one_is_refused()
    {
        using var ws = new Workspace();
        await ws.InitAsync();
        for (var i = 0; i < 5; i++)
        {
            (await ws.CliWithAsync(As(TestIdentity.Admin, $"wrong password {i}"), "status")).ShouldExitWith(6);
        }

        var locked = (await ws.CliAsync("status")).ShouldExitWith(6);

        locked.Stderr.ShouldContain("locked");
        using var db = ws.Open();
        db.ExecuteScalar<long>("SELECT failed_logins FROM app_user WHERE user_name = @u", new { u = TestIdentity.Admin }).ShouldBe(5);
    }

    [Fact]
    public async Task a_finance_viewer_is_refused_a_run_with_exit_7_naming_the_permission_and_the_refusal_is_audited()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync("2025-01", premiums: 30, claims: 3);
        (await ws.CliWithAsync(new Dictionary<string, string?> { ["MONTHEND_NEW_PASSWORD"] = ViewerPassword }, "user", "add", "vera", "--role", "finance_viewer"))
            .ShouldExitWith(0);

        var refused = (await ws.CliWithAsync(As("vera", ViewerPassword), "run", "--period", "2025-01")).ShouldExitWith(7);

        refused.Stderr.ShouldContain("initiate_batch");
        refused.Stderr.ShouldContain("finance_viewer");
        using var db = ws.Open();
        db.ExecuteScalar<long>("SELECT count(*) FROM staging_month_end_master").ShouldBe(0, "nothing was planned");
        db.ExecuteScalar<string>("SELECT status FROM audit_batch_operations WHERE performed_by = 'vera' AND operation = 'BATCH_RUN'").ShouldBe("FAILED");
        (await ws.CliWithAsync(As("vera", ViewerPassword), "audit", "verify")).ShouldExitWith(7).Stderr.ShouldContain("verify_audit");
    }

    [Fact]
    public async Task the_sole_admin_makes_a_second_admin_at_once_and_from_then_on_batch_admin_waits_for_the_other_admin()
    {
        using var ws = new Workspace();
        await ws.InitAsync();
        var bobPassword = new Dictionary<string, string?> { ["MONTHEND_NEW_PASSWORD"] = "second admin password" };
        var carolPassword = new Dictionary<string, string?> { ["MONTHEND_NEW_PASSWORD"] = "third user password" };

        // No second pair of eyes exists yet: the sole admin's grant applies at once, and the trail says the rule was waived.
        (await ws.CliWithAsync(bobPassword, "user", "add", "bob", "--role", "batch_admin")).ShouldExitWith(0).Stdout.ShouldNotContain("waits");
        using (var db = ws.Open())
        {
            db.ExecuteScalar<string>("SELECT operation_details FROM audit_batch_operations WHERE operation = 'USER_ADDED' AND operation_details LIKE '%bob%'")!
                .ShouldContain("waived");
            db.ExecuteScalar<long>("SELECT count(*) FROM app_user_role WHERE user_name = 'bob' AND role = 'batch_admin'").ShouldBe(1);
        }

        (await ws.CliWithAsync(carolPassword, "user", "add", "carol", "--role", "batch_operator")).ShouldExitWith(0);
        var requested = (await ws.CliAsync("user", "grant", "carol", "batch_admin", "--reason", "third admin")).ShouldExitWith(0);
        requested.Stdout.ShouldContain("waits");
        (await ws.CliAsync("approve", "1")).ShouldExitWith(4).Stderr.ShouldContain("requester");
        (await ws.CliWithAsync(As("carol", "third user password"), "approve", "1")).ShouldExitWith(7); // carol is no admin yet

        var approved = (await ws.CliWithAsync(As("bob", "second admin password"), "approve", "1")).ShouldExitWith(0);

        approved.Stdout.ShouldContain("approved by bob");
        var list = (await ws.CliAsync("requests", "--json")).ShouldExitWith(0);
        var request = Json.Parse(list).GetProperty("requests")[0];
        request.GetProperty("status").GetString().ShouldBe("EXECUTED");
        request.GetProperty("decided_by").GetString().ShouldBe("bob");
        request.GetProperty("requested_by").GetString().ShouldBe(TestIdentity.Admin);
    }

    [Fact]
    public async Task a_worker_process_signs_in_with_a_token_of_the_worker_role_which_may_not_run_a_batch()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync("2025-01", premiums: 40, claims: 4);
        (await ws.CliAsync("user", "add", "worker-1", "--role", "batch_worker", "--no-password")).ShouldExitWith(0);
        var created = (await ws.CliAsync("token", "create", "--user", "worker-1", "--name", "host 7", "--json")).ShouldExitWith(0);
        var token = Json.Parse(created).GetProperty("token").GetString()!;
        var asWorker = new Dictionary<string, string?> { ["MONTHEND_TOKEN"] = token, ["MONTHEND_USER"] = null, ["MONTHEND_PASSWORD"] = null };

        (await ws.CliWithAsync(asWorker, "run", "--period", "2025-01")).ShouldExitWith(7).Stderr.ShouldContain("batch_worker");
        (await ws.CliWithAsync(asWorker, "worker", "--exit-when-idle")).ShouldExitWith(0);

        using var db = ws.Open();
        db.ExecuteScalar<string>("SELECT token_hash FROM api_token")!.ShouldNotContain(token[4..12], Case.Insensitive, "only the hash is stored");
        (await ws.CliAsync("token", "revoke", db.ExecuteScalar<string>("SELECT token_id FROM api_token")!)).ShouldExitWith(0);
        (await ws.CliWithAsync(asWorker, "worker", "--exit-when-idle")).ShouldExitWith(6).Stderr.ShouldContain("revoked");
    }

    [Fact]
    public async Task audit_verify_passes_on_a_clean_month_and_names_an_edited_row_of_the_trail()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync("2025-01", premiums: 50, claims: 5);
        (await ws.CliAsync("run", "--period", "2025-01")).ShouldExitWith(0);
        (await ws.CliAsync("user", "add", "aud", "--role", "auditor", "--no-password")).ShouldExitWith(0);
        (await ws.CliAsync("user", "password", "aud")).ShouldExitWith(64); // no password given
        (await ws.CliWithAsync(new Dictionary<string, string?> { ["MONTHEND_NEW_PASSWORD"] = "auditor password" }, "user", "password", "aud")).ShouldExitWith(0);
        var auditor = As("aud", "auditor password");

        var clean = (await ws.CliWithAsync(auditor, "audit", "verify")).ShouldExitWith(0);
        clean.Stdout.ShouldContain("batch 2025-01-MONTHEND: ledger matches its seal");
        var head = (await ws.CliWithAsync(auditor, "audit", "head")).ShouldExitWith(0).Stdout.Trim();

        using (var db = ws.Open())
        {
            db.Execute("UPDATE audit_batch_operations SET performed_by = 'someone else' WHERE audit_id = 3");
        }

        var broken = (await ws.CliWithAsync(auditor, "audit", "verify", "--expect-head", head)).ShouldExitWith(8);
        broken.Stdout.ShouldContain("row 3");
    }
}
