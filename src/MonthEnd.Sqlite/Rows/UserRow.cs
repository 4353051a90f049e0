using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;

namespace MonthEnd.Sqlite.Rows;

/// <summary>An app_user row with its roles, as Dapper reads it.</summary>
internal sealed class UserRow
{
    /// <summary>The user's roles come along in the same statement, so a reader never sees a user half-way through a change of roles.</summary>
    public const string Select = """
        SELECT u.user_name, u.password_hash, u.disabled, u.failed_logins, u.locked_until, u.created_at, u.created_by,
               (SELECT group_concat(r.role, ',') FROM app_user_role r WHERE r.user_name = u.user_name) AS roles
        FROM app_user u
        """;

    public string user_name { get; set; } = "";
    public string? password_hash { get; set; }
    public long disabled { get; set; }
    public long failed_logins { get; set; }
    public string? locked_until { get; set; }
    public string created_at { get; set; } = "";
    public string created_by { get; set; } = "";
    public string? roles { get; set; }

    public UserAccount ToAccount() => new(
        user_name, password_hash, StoredRoles.Parse(roles), disabled != 0, checked((int)failed_logins), UtcText.ParseOrNull(locked_until),
        UtcText.Parse(created_at), created_by);
}
