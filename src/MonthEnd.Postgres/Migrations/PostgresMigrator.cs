using System.Globalization;
using System.Reflection;
using Npgsql;

namespace MonthEnd.Postgres.Migrations;

/// <summary>
/// Applies the numbered forward scripts (Migrations/NNNN_name.sql) a database has not seen, each in
/// its own transaction. An advisory lock lets many processes start at once safely.
/// </summary>
public static class PostgresMigrator
{
    private const long LockKey = 0x4D6F6E7468456E64; // "MonthEnd"

    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts()
    {
        const string prefix = "MonthEnd.Postgres.Migrations.";
        var assembly = Assembly.GetExecutingAssembly();
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..^4];
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture), name, reader.ReadToEnd());
            })
            .OrderBy(s => s.Item1)
            .ToList();
    }

    /// <summary>The scripts the database has not had.</summary>
    public static async Task<IReadOnlyList<string>> PendingAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var applied = new HashSet<int>();
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('schema_migration') IS NOT NULL", connection))
        {
            if ((bool)(await exists.ExecuteScalarAsync(ct))!)
            {
                await using var versions = new NpgsqlCommand("SELECT version FROM schema_migration", connection);
                await using var reader = await versions.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    applied.Add(reader.GetInt32(0));
                }
            }
        }

        return [.. Scripts().Where(s => !applied.Contains(s.Version)).Select(s => s.Name)];
    }

    public static async Task<IReadOnlyList<string>> MigrateAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using (var create = new NpgsqlCommand("""
            CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
            """, connection))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            create.Transaction = transaction;
            await new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockKey})", connection, transaction).ExecuteNonQueryAsync(ct);
            await create.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
        }

        var applied = new List<string>();
        foreach (var (version, name, sql) in Scripts())
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockKey})", connection, transaction).ExecuteNonQueryAsync(ct);
            await using var seen = new NpgsqlCommand("SELECT count(*) FROM schema_migration WHERE version = $1", connection, transaction)
            {
                Parameters = { new() { Value = version } },
            };
            if ((long)(await seen.ExecuteScalarAsync(ct))! > 0)
            {
                continue;
            }

            await new NpgsqlCommand(sql, connection, transaction).ExecuteNonQueryAsync(ct);
            await using var record = new NpgsqlCommand("INSERT INTO schema_migration (version, name) VALUES ($1, $2)", connection, transaction)
            {
                Parameters = { new() { Value = version }, new() { Value = name } },
            };
            await record.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
            applied.Add(name);
        }

        return applied;
    }
}
