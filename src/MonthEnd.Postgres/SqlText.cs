using System.Collections.Concurrent;
using System.Reflection;

namespace MonthEnd.Postgres;

/// <summary>The store's longer SQL, kept in Sql/*.sql as embedded resources.</summary>
internal static class SqlText
{
    private static readonly ConcurrentDictionary<string, string> Cache = new();

    public static string Get(string name) => Cache.GetOrAdd(name, static n =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"MonthEnd.Postgres.Sql.{n}.sql")
                           ?? throw new InvalidOperationException($"SQL resource {n}.sql is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });
}
