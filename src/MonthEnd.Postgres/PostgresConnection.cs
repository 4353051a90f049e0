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

    /// <summary>
    /// host:port/database, for people (messages, logs, init's report): never the password, nor a host or
    /// database that holds more of the string than a name (<see cref="Part"/>).
    /// </summary>
    public static string Describe(string connection)
    {
        var builder = new NpgsqlConnectionStringBuilder(Normalize(connection));
        return $"{Part(builder.Host)}:{builder.Port}/{Part(builder.Database)}";
    }

    /// <summary>
    /// Why a connection string cannot be parsed, without quoting any of it: Npgsql's own messages quote
    /// what they could not read, which can be part of the password ("Password=se;cret" makes it say
    /// "Couldn't set cret"). A keyword it knows is named; anything else is only described.
    /// </summary>
    public static string WhyInvalid(Exception e) => e switch
    {
        ArgumentException { ParamName: { } keyword } when new NpgsqlConnectionStringBuilder().ContainsKey(keyword) =>
            $"the value of {keyword} is not valid",
        ArgumentException { ParamName: not null } or KeyNotFoundException =>
            "it holds a keyword Npgsql does not know (not shown: it may be part of a password; a password with ';' must be quoted)",
        ArgumentException when e.Message.StartsWith("Format of the initialization string", StringComparison.Ordinal) =>
            $"{e.Message.TrimEnd('.')} (a quote left open?)",
        UriFormatException => "the URL is malformed",
        _ => "it cannot be read as keyword=value pairs or a postgres:// URL",
    };

    /// <summary>
    /// The values of a connection string that no message may show: the password, and a host, database
    /// or user name that holds more of the string than a name (<see cref="Part"/>). Shorter than four
    /// characters they are left alone: replacing them would garble messages and hide next to nothing.
    /// </summary>
    public static IReadOnlyList<string> Withheld(string connection)
    {
        var builder = new NpgsqlConnectionStringBuilder(Normalize(connection));
        string?[] values = [builder.Password, Swallowing(builder.Host), Swallowing(builder.Database), Swallowing(builder.Username)];
        return [.. values.OfType<string>().Where(v => v.Length >= 4).Distinct()];
    }

    /// <summary>A message with every withheld value taken out.</summary>
    public static string Scrub(string message, IReadOnlyList<string> withheld) =>
        withheld.Aggregate(message, (text, value) => text.Replace(value, "(not shown)", StringComparison.Ordinal));

    private static string? Swallowing(string? value) => value is not null && Part(value) != value ? value : null;

    // A value with '=', ';' or a space is not a host or database name but more of the string run into
    // it (a separator typed as a space: "Host=db Password=…"): not shown, as it may hold the password.
    private static string Part(string? value) => value is null ? "" : value.AsSpan().IndexOfAny("=; \t") >= 0 ? "(not shown)" : value;
}
