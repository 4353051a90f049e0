using System.Reflection;
using Microsoft.Data.Sqlite;

namespace MonthEnd.Sqlite.Migrations;

/// <summary>
/// Applies the numbered forward scripts (Migrations/Main/NNNN_name.sql, Migrations/Staging/…) that a
/// database has not seen yet, each in its own transaction, recording them in schema_migration.
/// </summary>
public static class SqliteMigrator
{
    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts(string set)
    {
        var prefix = $"MonthEnd.Sqlite.Migrations.{set}.";
        var assembly = Assembly.GetExecutingAssembly();
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..^4];
                var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (version, name, reader.ReadToEnd());
            })
            .OrderBy(s => s.version)
            .ToList();
    }

    /// <summary>The scripts of a set that the connection's main database has not had.</summary>
    public static IReadOnlyList<string> Pending(SqliteConnection connection, string set)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migration'";
        var applied = new HashSet<long>();
        if ((long)command.ExecuteScalar()! > 0)
        {
            command.CommandText = "SELECT version FROM schema_migration";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                applied.Add(reader.GetInt64(0));
            }
        }

        return [.. Scripts(set).Where(s => !applied.Contains(s.Version)).Select(s => s.Name)];
    }

    /// <summary>Brings the connection's main database up to date with a script set; returns the scripts applied.</summary>
    public static IReadOnlyList<string> Migrate(SqliteConnection connection, string set)
    {
        SqliteDatabase.Execute(connection, """
            CREATE TABLE IF NOT EXISTS schema_migration (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at TEXT NOT NULL)
            """);
        var applied = new List<string>();
        foreach (var (version, name, sql) in Scripts(set))
        {
            // A script that rebuilds a referenced table (SQLite's way to change a CHECK) runs with
            // foreign keys off, which only works outside a transaction, and proves them before it commits.
            var rebuilds = sql.Contains(RebuildsTables, StringComparison.Ordinal);
            if (rebuilds)
            {
                SqliteDatabase.Execute(connection, "PRAGMA foreign_keys = OFF");
            }

            try
            {
                if (Apply(connection, version, name, sql, rebuilds))
                {
                    applied.Add(name);
                }
            }
            finally
            {
                if (rebuilds)
                {
                    SqliteDatabase.Execute(connection, "PRAGMA foreign_keys = ON");
                }
            }
        }

        return applied;
    }

    /// <summary>The marker of a script that rebuilds tables others reference (https://sqlite.org/lang_altertable.html#otheralter).</summary>
    public const string RebuildsTables = "-- migration: rebuilds tables";

    private static bool Apply(SqliteConnection connection, int version, string name, string sql, bool rebuilds)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        using var seen = connection.CreateCommand();
        seen.Transaction = transaction;
        seen.CommandText = "SELECT count(*) FROM schema_migration WHERE version = $v";
        seen.Parameters.AddWithValue("$v", version);
        if ((long)seen.ExecuteScalar()! > 0)
        {
            return false;
        }

        SqliteDatabase.Execute(connection, sql, transaction);
        if (rebuilds)
        {
            using var check = connection.CreateCommand();
            check.Transaction = transaction;
            check.CommandText = "PRAGMA foreign_key_check";
            using var violations = check.ExecuteReader();
            if (violations.Read())
            {
                throw new InvalidOperationException($"migration {name} would break a foreign key of table {violations.GetString(0)}; nothing was changed");
            }
        }

        using var record = connection.CreateCommand();
        record.Transaction = transaction;
        record.CommandText = $"INSERT INTO schema_migration (version, name, applied_at) VALUES ($v, $n, {SqliteDatabase.NowText})";
        record.Parameters.AddWithValue("$v", version);
        record.Parameters.AddWithValue("$n", name);
        record.ExecuteNonQuery();
        transaction.Commit();
        return true;
    }
}
