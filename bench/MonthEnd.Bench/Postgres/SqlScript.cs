using System.Reflection;

namespace MonthEnd.Bench.Postgres;

/// <summary>One statement of a script, named by the "-- step: name" line above it.</summary>
internal sealed record SqlStep(string Name, string Sql);

/// <summary>
/// The benchmark's SQL, kept in Postgres/Sql/*.sql (embedded). A script is split at its "-- step:"
/// lines (text before the first one is its header comment); comment lines are dropped. {name}
/// placeholders are table names fixed by the harness, never input; values are parameters.
/// </summary>
internal static class SqlScript
{
    public static IReadOnlyList<SqlStep> Steps(string script, IReadOnlyDictionary<string, string>? tables = null)
    {
        var steps = new List<SqlStep>();
        string? step = null;
        var lines = new List<string>();
        foreach (var line in Read(script))
        {
            if (line.StartsWith("-- step:", StringComparison.Ordinal))
            {
                Flush();
                step = line["-- step:".Length..].Trim();
            }
            else
            {
                lines.Add(line);
            }
        }

        Flush();
        return steps;

        void Flush()
        {
            if (step is not null)
            {
                steps.Add(new SqlStep(step, Fill(Statement(lines), tables)));
            }

            lines.Clear();
        }
    }

    /// <summary>A script of one statement, without "-- step:" lines.</summary>
    public static string Single(string script, IReadOnlyDictionary<string, string>? tables = null) => Fill(Statement(Read(script)), tables);

    private static List<string> Read(string script)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"MonthEnd.Bench.Postgres.Sql.{script}.sql")
                           ?? throw new InvalidOperationException($"SQL resource {script}.sql is missing");
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n')];
    }

    private static string Statement(IEnumerable<string> lines) =>
        string.Join('\n', lines.Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim().TrimEnd(';');

    private static string Fill(string sql, IReadOnlyDictionary<string, string>? tables)
    {
        foreach (var (placeholder, table) in tables ?? new Dictionary<string, string>())
        {
            sql = sql.Replace("{" + placeholder + "}", table, StringComparison.Ordinal);
        }

        return sql;
    }
}
