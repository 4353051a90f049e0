using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;

namespace MonthEnd.Postgres.Rows;

/// <summary>An app_user row with its roles, as Dapper reads it.</summary>
internal sealed class UserRow
{
    /// <summary>The user's roles come along in the same statement, so a reader never sees a user half-way through a change of roles.</summary>
    public const string Select = """
        SELECT u.user_name, u.password_hash, u.disabled, u.failed_logins, u.locked_until, u.created_at, u.created_by,
               (SELECT string_agg(r.role, ',') FROM app_user_role r WHERE r.user_name = u.user_name) AS roles
        FROM app_user u
        """;

    /// <summary>The one way a name is matched (see the migration 0008 for why COLLATE "C").</summary>
    public const string Named = """lower(u.user_name COLLATE "C") = lower(@userName COLLATE "C")""";

    public string user_name { get; set; } = "";
    public string? password_hash { get; set; }
    public bool disabled { get; set; }
    public int failed_logins { get; set; }
    public DateTime? locked_until { get; set; }
    public DateTime created_at { get; set; }
    public string created_by { get; set; } = "";
    public string? roles { get; set; }

    public UserAccount ToAccount() => new(
        user_name, password_hash, StoredRoles.Parse(roles), disabled, failed_logins, UtcTime.ReadOrNull(locked_until), UtcTime.Read(created_at),
        created_by);
}
