using Dapper;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Postgres.Rows;
using Npgsql;

namespace MonthEnd.Postgres;

/// <summary>
/// The product's users (<see cref="IUserStore"/>; their API tokens are in PostgresStore.Tokens.cs). A
/// name matches in any letter case as <see cref="UserRow.Named"/> compares it (A–Z only, as
/// <see cref="UserNames"/> says); each write is one transaction through the resilience pipeline.
/// </summary>
public sealed partial class PostgresStore : IUserStore
{
    /// <summary>
    /// One failure more; at or past the threshold the lock runs to @until, unless it already runs
    /// longer (greatest() passes over a NULL). The SET reads the row as it was before this UPDATE, so
    /// failed_logins + 1 is the new count, and the row lock the UPDATE takes makes concurrent
    /// failures count one after another.
    /// </summary>
    private const string FailedLogin = """
        failed_logins = failed_logins + 1,
        locked_until = CASE WHEN failed_logins + 1 >= @lockAfter THEN greatest(locked_until, @until) ELSE locked_until END
        """;

    public Task<int> CountUsersAsync(CancellationToken ct) =>
        RunAsync((connection, _) => connection.ExecuteScalarAsync<int>("SELECT count(*) FROM app_user"), ct);

    public async Task<UserAccount> AddUserAsync(UserAccount user, CancellationToken ct)
    {
        StoreArguments.CheckUser(user);
        return await InTransactionAsync(async (connection, transaction, _) =>
        {
            // ON CONFLICT without a target covers both the primary key and the index on the lower-cased name.
            var added = await connection.ExecuteAsync("""
                INSERT INTO app_user (user_name, password_hash, disabled, failed_logins, locked_until, created_at, created_by)
                VALUES (@UserName, @PasswordHash, @Disabled, @FailedLogins, @lockedUntil, @createdAt, @CreatedBy)
                ON CONFLICT DO NOTHING
                """, new
            {
                user.UserName, user.PasswordHash, user.Disabled, user.FailedLogins, lockedUntil = UtcTime.Of(user.LockedUntil),
                createdAt = UtcTime.Of(user.CreatedAt), user.CreatedBy,
            }, transaction);
            if (added == 0)
            {
                throw new UserExistsException(user.UserName);
            }

            await InsertRolesAsync(connection, transaction, user.UserName, user.Roles);
            return (await FindUserAsync(connection, transaction, user.UserName))!;
        }, ct);
    }

    public Task<UserAccount?> FindUserAsync(string userName, CancellationToken ct) =>
        StoredText.IsKey(userName)
            ? RunAsync((connection, _) => FindUserAsync(connection, null, userName), ct)
            : Task.FromResult<UserAccount?>(null);

    public Task<IReadOnlyList<UserAccount>> ListUsersAsync(CancellationToken ct) =>
        RunAsync<IReadOnlyList<UserAccount>>(async (connection, _) =>
            (await connection.QueryAsync<UserRow>($"""{UserRow.Select} ORDER BY lower(u.user_name COLLATE "C")"""))
            .Select(u => u.ToAccount()).ToList(), ct);

    public async Task<UserAccount> SetRolesAsync(string userName, IReadOnlyList<Role> roles, CancellationToken ct)
    {
        StoreArguments.CheckUserCouldExist(userName);
        return await InTransactionAsync(async (connection, transaction, _) =>
        {
            // The row lock makes two replacements take turns: without it, both could delete the old
            // roles (neither seeing the other's new ones) and each insert its own, leaving the union.
            var name = await connection.QuerySingleOrDefaultAsync<string>(
                           $"SELECT u.user_name FROM app_user u WHERE {UserRow.Named} FOR UPDATE", new { userName }, transaction)
                       ?? throw new NoSuchUserException(userName);
            await connection.ExecuteAsync("DELETE FROM app_user_role WHERE user_name = @name", new { name }, transaction);
            await InsertRolesAsync(connection, transaction, name, roles);
            return (await FindUserAsync(connection, transaction, name))!;
        }, ct);
    }

    public Task<UserAccount> SetDisabledAsync(string userName, bool disabled, CancellationToken ct) =>
        UpdateUserAsync(userName, "disabled = @disabled", new { disabled }, ct);

    public async Task<UserAccount> SetPasswordHashAsync(string userName, string passwordHash, CancellationToken ct)
    {
        StoreArguments.CheckPasswordHash(passwordHash);
        return await UpdateUserAsync(userName, "password_hash = @passwordHash", new { passwordHash }, ct);
    }

    public async Task<UserAccount> RecordFailedLoginAsync(string userName, DateTimeOffset now, int lockAfter, TimeSpan lockFor, CancellationToken ct)
    {
        StoreArguments.CheckLockout(lockAfter, lockFor);
        return await UpdateUserAsync(userName, FailedLogin, new { lockAfter, until = UtcTime.Of(now + lockFor) }, ct);
    }

    public Task ResetFailedLoginsAsync(string userName, CancellationToken ct) =>
        UpdateUserAsync(userName, "failed_logins = 0, locked_until = NULL", new { }, ct);

    /// <summary>One UPDATE of the user's row (<paramref name="assignments"/> is constant SQL, its values parameters), then the user as it now is.</summary>
    private async Task<UserAccount> UpdateUserAsync(string userName, string assignments, object values, CancellationToken ct)
    {
        StoreArguments.CheckUserCouldExist(userName);
        var parameters = new DynamicParameters(values);
        parameters.Add("userName", userName);
        return await InTransactionAsync(async (connection, transaction, _) =>
        {
            var name = await connection.QuerySingleOrDefaultAsync<string>(
                           $"UPDATE app_user u SET {assignments} WHERE {UserRow.Named} RETURNING u.user_name", parameters, transaction)
                       ?? throw new NoSuchUserException(userName);
            return (await FindUserAsync(connection, transaction, name))!;
        }, ct);
    }

    private static Task<string?> UserNameAsStoredAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string userName) =>
        connection.QuerySingleOrDefaultAsync<string>($"SELECT u.user_name FROM app_user u WHERE {UserRow.Named}", new { userName }, transaction);

    private static async Task<UserAccount?> FindUserAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string userName) =>
        (await connection.QuerySingleOrDefaultAsync<UserRow>($"{UserRow.Select} WHERE {UserRow.Named}", new { userName }, transaction))?.ToAccount();

    private static async Task InsertRolesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string userName, IEnumerable<Role> roles) =>
        await connection.ExecuteAsync("INSERT INTO app_user_role (user_name, role) VALUES (@userName, @role)",
            roles.Distinct().Select(r => new { userName, role = r.Name() }), transaction);
}
