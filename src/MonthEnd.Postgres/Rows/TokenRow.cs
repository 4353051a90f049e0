using MonthEnd.Core.Security;

namespace MonthEnd.Postgres.Rows;

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
    public DateTime created_at { get; set; }
    public DateTime expires_at { get; set; }
    public DateTime? revoked_at { get; set; }
    public DateTime? last_used_at { get; set; }

    public ApiToken ToToken() => new(
        token_id, user_name, name, token_hash, UtcTime.Read(created_at), UtcTime.Read(expires_at), UtcTime.ReadOrNull(revoked_at),
        UtcTime.ReadOrNull(last_used_at));
}
