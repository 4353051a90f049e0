using System.Reflection;

namespace MonthEnd.Sqlite;

/// <summary>The store's longer SQL, kept in Sql/*.sql as embedded resources.</summary>
internal static class SqlText
{
    private static readonly Dictionary<string, string> Cache = [];

    public static string Get(string name)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(name, out var sql))
            {
                using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"MonthEnd.Sqlite.Sql.{name}.sql")
                                   ?? throw new InvalidOperationException($"SQL resource {name}.sql is missing");
                using var reader = new StreamReader(stream);
                sql = reader.ReadToEnd();
                Cache[name] = sql;
            }

            return sql;
        }
    }
}
