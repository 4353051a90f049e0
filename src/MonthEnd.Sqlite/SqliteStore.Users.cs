using Dapper;
using Microsoft.Data.Sqlite;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Sqlite.Rows;

namespace MonthEnd.Sqlite;

/// <summary>
/// The product's users (<see cref="IUserStore"/>; their API tokens are in SqliteStore.Tokens.cs). A
/// name matches in any letter case through the columns' NOCASE collation (A–Z only, as
/// <see cref="UserNames"/> says); every write queues on the write gate like any other.
/// </summary>
public sealed partial class SqliteStore : IUserStore
{
    /// <summary>
    /// One failure more; at or past the threshold the lock runs to @until, unless it already runs
    /// longer (times are fixed-width text: max() is the later). The SET reads the row as it was
    /// before this UPDATE, so failed_logins + 1 is the new count.
    /// </summary>
    private const string FailedLogin = """
        failed_logins = failed_logins + 1,
        locked_until = iif(failed_logins + 1 >= @lockAfter, max(coalesce(locked_until, @until), @until), locked_until)
        """;

    public Task<int> CountUsersAsync(CancellationToken ct)
    {
        using var connection = Database.Open();
        return Task.FromResult(connection.ExecuteScalar<int>("SELECT count(*) FROM app_user"));
    }

    public async Task<UserAccount> AddUserAsync(UserAccount user, CancellationToken ct)
    {
        StoreArguments.CheckUser(user);
        return await WriteAsync((connection, transaction) =>
        {
            var added = connection.Execute("""
                INSERT INTO app_user (user_name, password_hash, disabled, failed_logins, locked_until, created_at, created_by)
                VALUES (@UserName, @PasswordHash, @Disabled, @FailedLogins, @lockedUntil, @createdAt, @CreatedBy)
                ON CONFLICT DO NOTHING
                """, new
            {
                user.UserName, user.PasswordHash, user.Disabled, user.FailedLogins, lockedUntil = UtcText.Of(user.LockedUntil),
                createdAt = UtcText.Of(user.CreatedAt), user.CreatedBy,
            }, transaction);
            if (added == 0)
            {
                throw new UserExistsException(user.UserName);
            }

            InsertRoles(connection, transaction, user.UserName, user.Roles);
            return FindUser(connection, transaction, user.UserName)!;
        }, ct, "adding a user");
    }

    public Task<UserAccount?> FindUserAsync(string userName, CancellationToken ct)
    {
        if (!StoredText.IsKey(userName))
        {
            return Task.FromResult<UserAccount?>(null);
        }

        using var connection = Database.Open();
        return Task.FromResult(FindUser(connection, null, userName));
    }

    public Task<IReadOnlyList<UserAccount>> ListUsersAsync(CancellationToken ct)
    {
        using var connection = Database.Open();
        var users = connection.Query<UserRow>($"{UserRow.Select} ORDER BY u.user_name").Select(u => u.ToAccount()).ToList();
        return Task.FromResult<IReadOnlyList<UserAccount>>(users);
    }

    public async Task<UserAccount> SetRolesAsync(string userName, IReadOnlyList<Role> roles, CancellationToken ct)
    {
        StoreArguments.CheckUserCouldExist(userName);
        return await WriteAsync((connection, transaction) =>
        {
            var name = UserNameAsStored(connection, transaction, userName) ?? throw new NoSuchUserException(userName);
            connection.Execute("DELETE FROM app_user_role WHERE user_name = @name", new { name }, transaction);
            InsertRoles(connection, transaction, name, roles);
            return FindUser(connection, transaction, name)!;
        }, ct, "setting a user's roles");
    }

    public Task<UserAccount> SetDisabledAsync(string userName, bool disabled, CancellationToken ct) =>
        UpdateUserAsync(userName, "disabled = @disabled", new { disabled }, "disabling or enabling a user", ct);

    public async Task<UserAccount> SetPasswordHashAsync(string userName, string passwordHash, CancellationToken ct)
    {
        StoreArguments.CheckPasswordHash(passwordHash);
        return await UpdateUserAsync(userName, "password_hash = @passwordHash", new { passwordHash }, "setting a user's password", ct);
    }

    public async Task<UserAccount> RecordFailedLoginAsync(string userName, DateTimeOffset now, int lockAfter, TimeSpan lockFor, CancellationToken ct)
    {
        StoreArguments.CheckLockout(lockAfter, lockFor);
        return await UpdateUserAsync(userName, FailedLogin, new { lockAfter, until = UtcText.Of(now + lockFor) }, "recording a failed login", ct);
    }

    public Task ResetFailedLoginsAsync(string userName, CancellationToken ct) =>
        UpdateUserAsync(userName, "failed_logins = 0, locked_until = NULL", new { }, "resetting a user's failed logins", ct);

    /// <summary>One UPDATE of the user's row (<paramref name="assignments"/> is constant SQL, its values parameters), then the user as it now is.</summary>
    private async Task<UserAccount> UpdateUserAsync(string userName, string assignments, object values, string doing, CancellationToken ct)
    {
        StoreArguments.CheckUserCouldExist(userName);
        var parameters = new DynamicParameters(values);
        parameters.Add("userName", userName);
        return await WriteAsync((connection, transaction) =>
        {
            var name = connection.QuerySingleOrDefault<string>(
                           $"UPDATE app_user SET {assignments} WHERE user_name = @userName RETURNING user_name", parameters, transaction)
                       ?? throw new NoSuchUserException(userName);
            return FindUser(connection, transaction, name)!;
        }, ct, doing);
    }

    private static string? UserNameAsStored(SqliteConnection connection, SqliteTransaction transaction, string userName) =>
        connection.QuerySingleOrDefault<string>("SELECT user_name FROM app_user WHERE user_name = @userName", new { userName }, transaction);

    private static UserAccount? FindUser(SqliteConnection connection, SqliteTransaction? transaction, string userName) =>
        connection.QuerySingleOrDefault<UserRow>($"{UserRow.Select} WHERE u.user_name = @userName", new { userName }, transaction)?.ToAccount();

    private static void InsertRoles(SqliteConnection connection, SqliteTransaction transaction, string userName, IEnumerable<Role> roles) =>
        connection.Execute("INSERT INTO app_user_role (user_name, role) VALUES (@userName, @role)",
            roles.Distinct().Select(r => new { userName, role = r.Name() }), transaction);
}
