using Dapper;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Sqlite.Rows;

namespace MonthEnd.Sqlite;

/// <summary>The users' API tokens (the token half of <see cref="IUserStore"/>): kept by id and hash, never the secret.</summary>
public sealed partial class SqliteStore
{
    public async Task AddTokenAsync(ApiToken token, CancellationToken ct)
    {
        StoreArguments.CheckToken(token);
        await WriteAsync((connection, transaction) =>
        {
            var userName = UserNameAsStored(connection, transaction, token.UserName) ?? throw new NoSuchUserException(token.UserName);
            var added = connection.Execute("""
                INSERT INTO api_token (token_id, user_name, name, token_hash, created_at, expires_at, revoked_at, last_used_at)
                VALUES (@TokenId, @userName, @tokenName, @TokenHash, @createdAt, @expiresAt, @revokedAt, @lastUsedAt)
                ON CONFLICT DO NOTHING
                """, new
            {
                token.TokenId, userName, tokenName = token.Name, token.TokenHash, createdAt = UtcText.Of(token.CreatedAt),
                expiresAt = UtcText.Of(token.ExpiresAt), revokedAt = UtcText.Of(token.RevokedAt), lastUsedAt = UtcText.Of(token.LastUsedAt),
            }, transaction);
            return added == 1 ? true : throw StoreArguments.TokenTaken();
        }, ct, "adding an API token");
    }

    public Task<ApiToken?> FindTokenByHashAsync(string tokenHash, CancellationToken ct)
    {
        if (!StoredText.IsKey(tokenHash))
        {
            return Task.FromResult<ApiToken?>(null);
        }

        using var connection = Database.Open();
        return Task.FromResult(connection.QuerySingleOrDefault<TokenRow>($"{TokenRow.Select} WHERE token_hash = @tokenHash", new { tokenHash })?.ToToken());
    }

    public Task<IReadOnlyList<ApiToken>> ListTokensAsync(string? userName, CancellationToken ct)
    {
        if (userName is not null && !StoredText.IsKey(userName))
        {
            return Task.FromResult<IReadOnlyList<ApiToken>>([]);
        }

        using var connection = Database.Open();
        var tokens = connection.Query<TokenRow>(
                $"{TokenRow.Select} WHERE @userName IS NULL OR user_name = @userName ORDER BY created_at DESC, token_id DESC", new { userName })
            .Select(t => t.ToToken()).ToList();
        return Task.FromResult<IReadOnlyList<ApiToken>>(tokens);
    }

    public async Task<bool> RevokeTokenAsync(string tokenId, DateTimeOffset now, CancellationToken ct) =>
        StoredText.IsKey(tokenId) && await WriteAsync((connection, transaction) => connection.Execute(
            "UPDATE api_token SET revoked_at = coalesce(revoked_at, @now) WHERE token_id = @tokenId",
            new { tokenId, now = UtcText.Of(now) }, transaction) == 1, ct, "revoking an API token");

    public async Task TouchTokenAsync(string tokenId, DateTimeOffset now, CancellationToken ct)
    {
        if (StoredText.IsKey(tokenId))
        {
            await WriteAsync((connection, transaction) => connection.Execute(
                "UPDATE api_token SET last_used_at = @now WHERE token_id = @tokenId AND (last_used_at IS NULL OR last_used_at < @now)",
                new { tokenId, now = UtcText.Of(now) }, transaction), ct, "recording the use of an API token");
        }
    }
}
