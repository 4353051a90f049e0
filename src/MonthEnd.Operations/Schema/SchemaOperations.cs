using System.Data.Common;
using Microsoft.Extensions.Options;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Audit;
using MonthEnd.Operations.Identity;

namespace MonthEnd.Operations.Schema;

/// <summary>What init did.</summary>
public sealed record InitResult(string Store, int RulesVersion, long RuleSetId, string RulesSha256, string? AdminCreated, bool KeyFileCreated, bool HasUsers);

/// <summary>
/// init: the schema, the rules, the audit key and, on a database without users, the first
/// batch_admin. On a database that has users it is an upgrade and needs migrate_schema.
/// </summary>
public sealed class SchemaOperations(
    IMonthEndStore store, IUserStore users, IAuditStore audit, OperationGate gate, PasswordPolicy passwords,
    TimeProvider clock, IOptions<AuditOptions> auditOptions)
{
    /// <summary>Whether the database already has users (then init needs a signed-in caller); false on a database never initialised.</summary>
    public async Task<bool> HasUsersAsync(CancellationToken ct)
    {
        try
        {
            return await users.CountUsersAsync(ct) > 0;
        }
        catch (DbException)
        {
            // No users table yet: a database never initialised (or older than users). Anything else is a real failure.
            if ((await store.SchemaProblemsAsync(ct)).Count > 0)
            {
                return false;
            }

            throw;
        }
    }

    public async Task<InitResult> InitAsync(Caller? caller, string? adminName, string? adminPassword, RuleSet rules, ClientInfo client, CancellationToken ct)
    {
        var hasUsers = await HasUsersAsync(ct);
        if (hasUsers && adminName is not null)
        {
            throw new OperationRefusedException("the database already has users; the first batch_admin is made only once (add more with user add)");
        }

        if (hasUsers && caller is null)
        {
            throw new SignInFailedException(SignInFailure.NoIdentity, "the database has users: sign in (MONTHEND_USER and MONTHEND_PASSWORD, or MONTHEND_TOKEN) to upgrade it");
        }

        var admin = adminName is null ? null : UserName.Validate(adminName, "--admin");
        var hash = admin is null ? null : passwords.Hash(adminPassword, "the first admin's password (MONTHEND_PASSWORD or the prompt)");
        if (caller is not null)
        {
            await gate.AuthorizeAsync(caller, Permission.MigrateSchema, "SCHEMA_MIGRATED", null, null, ct);
        }

        await store.MigrateAsync(ct);
        var keyCreated = await EnsureKeyAsync(ct);
        var who = caller?.User ?? admin ?? "(init)";
        var ruleSetId = await store.SaveRuleSetAsync(rules, who, ct);
        if (admin is not null)
        {
            await users.AddUserAsync(new UserAccount(admin, hash, [Role.BatchAdmin], false, 0, null, clock.GetUtcNow(), admin), ct);
            await gate.RecordAsync(new AuditRecord("USER_ADDED", null, admin, client, AuditStatus.Success,
                new { user = admin, roles = new[] { Role.BatchAdmin.Name() }, first_admin = true }));
        }

        await gate.RecordAsync(new AuditRecord("SCHEMA_MIGRATED", null, who, client, AuditStatus.Success,
            new { rules_version = rules.Version, rule_set_id = ruleSetId, audit_key_file_created = keyCreated }));
        return new InitResult(store.Description, rules.Version, ruleSetId, rules.Sha256, admin, keyCreated, hasUsers || admin is not null);
    }

    // A key is made only for a trail that is still empty: a lost key must be found, not silently replaced.
    private async Task<bool> EnsureKeyAsync(CancellationToken ct)
    {
        var options = auditOptions.Value;
        if (options.Key is { Length: > 0 } || options.KeyFile is null || File.Exists(options.KeyFile))
        {
            return false;
        }

        if (await audit.AuditHeadAsync(ct) is { } head)
        {
            throw new AuditKeyException($"the audit key file {options.KeyFile} is missing but the trail has {head.AuditId} rows signed with it; " +
                                        "restore the key file (from your backup) — a new key would make the whole trail fail verification");
        }

        return AuditKey.CreateFileIfMissing(options);
    }
}
