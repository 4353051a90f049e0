using Npgsql;

namespace MonthEnd.Postgres;

/// <summary>Accepts keyword connection strings and postgres:// URLs.</summary>
public static class PostgresConnection
{
    public static bool IsPostgres(string connection) =>
        connection.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || connection.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || connection.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    public static string Normalize(string connection)
    {
        if (!connection.Contains("://", StringComparison.Ordinal))
        {
            return connection;
        }

        var uri = new Uri(connection);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(kv[0])] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "true";
        }

        return builder.ConnectionString;
    }

    /// <summary>host:port/database, without credentials, for people.</summary>
    public static string Describe(string connection)
    {
        var builder = new NpgsqlConnectionStringBuilder(Normalize(connection));
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
