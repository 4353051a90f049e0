using MonthEnd.Core.Security;

namespace MonthEnd.Sqlite.Rows;

/// <summary>An api_token row as Dapper reads it.</summary>
internal sealed class TokenRow
{
    public const string Select = """
        SELECT token_id, user_name, name, token_hash, created_at, expires_at, revoked_at, last_used_at FROM api_token
        """;

    public string token_id { get; set; } = "";
    public string user_name { get; set; } = "";
    public string name { get; set; } = "";
    public string token_hash { get; set; } = "";
    public string created_at { get; set; } = "";
    public string expires_at { get; set; } = "";
    public string? revoked_at { get; set; }
    public string? last_used_at { get; set; }

    public ApiToken ToToken() => new(
        token_id, user_name, name, token_hash, UtcText.Parse(created_at), UtcText.Parse(expires_at), UtcText.ParseOrNull(revoked_at),
        UtcText.ParseOrNull(last_used_at));
}
