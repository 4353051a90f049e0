using Dapper;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Postgres.Rows;

namespace MonthEnd.Postgres;

/// <summary>The users' API tokens (the token half of <see cref="IUserStore"/>): kept by id and hash, never the secret.</summary>
public sealed partial class PostgresStore
{
    public async Task AddTokenAsync(ApiToken token, CancellationToken ct)
    {
        StoreArguments.CheckToken(token);
        await InTransactionAsync(async (connection, transaction, _) =>
        {
            var userName = await UserNameAsStoredAsync(connection, transaction, token.UserName) ?? throw new NoSuchUserException(token.UserName);
            var added = await connection.ExecuteAsync("""
                INSERT INTO api_token (token_id, user_name, name, token_hash, created_at, expires_at, revoked_at, last_used_at)
                VALUES (@TokenId, @userName, @tokenName, @TokenHash, @createdAt, @expiresAt, @revokedAt, @lastUsedAt)
                ON CONFLICT DO NOTHING
                """, new
            {
                token.TokenId, userName, tokenName = token.Name, token.TokenHash, createdAt = UtcTime.Of(token.CreatedAt),
                expiresAt = UtcTime.Of(token.ExpiresAt), revokedAt = UtcTime.Of(token.RevokedAt), lastUsedAt = UtcTime.Of(token.LastUsedAt),
            }, transaction);
            return added == 1 ? true : throw StoreArguments.TokenTaken();
        }, ct);
    }

    public Task<ApiToken?> FindTokenByHashAsync(string tokenHash, CancellationToken ct) =>
        StoredText.IsKey(tokenHash)
            ? RunAsync(async (connection, _) =>
                (await connection.QuerySingleOrDefaultAsync<TokenRow>($"{TokenRow.Select} WHERE token_hash = @tokenHash", new { tokenHash }))?.ToToken(), ct)
            : Task.FromResult<ApiToken?>(null);

    public Task<IReadOnlyList<ApiToken>> ListTokensAsync(string? userName, CancellationToken ct) =>
        userName is not null && !StoredText.IsKey(userName)
            ? Task.FromResult<IReadOnlyList<ApiToken>>([])
            : RunAsync<IReadOnlyList<ApiToken>>(async (connection, _) => (await connection.QueryAsync<TokenRow>($"""
                    {TokenRow.Select}
                    WHERE @userName::text IS NULL OR lower(user_name COLLATE "C") = lower(@userName COLLATE "C")
                    ORDER BY created_at DESC, token_id COLLATE "C" DESC
                    """, new { userName }))
                .Select(t => t.ToToken()).ToList(), ct);

    public async Task<bool> RevokeTokenAsync(string tokenId, DateTimeOffset now, CancellationToken ct) =>
        StoredText.IsKey(tokenId) && await RunAsync(async (connection, _) => await connection.ExecuteAsync(
            "UPDATE api_token SET revoked_at = coalesce(revoked_at, @now) WHERE token_id = @tokenId",
            new { tokenId, now = UtcTime.Of(now) }) == 1, ct);

    public async Task TouchTokenAsync(string tokenId, DateTimeOffset now, CancellationToken ct)
    {
        if (StoredText.IsKey(tokenId))
        {
            await RunAsync((connection, _) => connection.ExecuteAsync(
                "UPDATE api_token SET last_used_at = @now WHERE token_id = @tokenId AND (last_used_at IS NULL OR last_used_at < @now)",
                new { tokenId, now = UtcTime.Of(now) }), ct);
        }
    }
}
