using System.Security.Cryptography;
using Dapper;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Storage;
using MonthEnd.Postgres.DryRuns;
using Npgsql;

namespace MonthEnd.Postgres;

/// <summary>
/// A dry run's copy (<see cref="IDryRunCopies"/>): a new database monthend_dryrun_YYYYMM_RANDOM on the
/// same server, or, given a scratch database, a schema of that name in it; migrated by the same
/// migrator, then filled from production by binary COPY (<see cref="ScratchCopy"/>). Production is
/// only read, under MVCC: its writers never wait for the copy.
/// </summary>
public sealed partial class PostgresStore : IDryRunCopies
{
    public async Task<IDryRunCopy> CopyForDryRunAsync(Period period, DryRunCopyOptions options, IProgress<DryRunCopyProgress>? progress, CancellationToken ct)
    {
        if (options.ScratchDirectory is not null)
        {
            throw new ScratchPlaceException(ScratchPlace.Directory,
                "a scratch directory is for a SQLite database's copy; a PostgreSQL database is copied into a scratch database");
        }

        // Made here of digits and hex only: safe to put in DDL, which takes no parameters.
        var name = $"monthend_dryrun_{period.Year:0000}{period.Month:00}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        var (connection, location, drop) = options.ScratchDatabase is { } scratch
            ? await ScratchSchemaAsync(scratch, name, ct)
            : await ScratchDatabaseAsync(name, ct);
        var store = new PostgresStore(connection, Options);
        var copy = new PostgresDryRunCopy(store, location, drop);
        try
        {
            await store.MigrateAsync(ct);
            await using var from = await OpenAsync(ct);
            await using var to = await store.OpenAsync(ct);
            await ScratchCopy.FillAsync(from, to, period, progress, ct);
            return copy;
        }
        catch
        {
            await copy.DiscardAsync(CancellationToken.None);
            throw;
        }
    }

    private async Task<(string Connection, string Location, Func<CancellationToken, Task> Drop)> ScratchDatabaseAsync(string name, CancellationToken ct)
    {
        await using (var connection = await OpenAsync(ct))
        {
            try
            {
                await connection.ExecuteAsync($"CREATE DATABASE {name}");
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                throw new ArgumentException(
                    $"the role may not create the dry run's scratch database ({e.MessageText}); grant it CREATEDB, or give a database of your own for the copy");
            }
        }

        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name, ApplicationName = "monthend dry run" };
        return (builder.ConnectionString, $"PostgreSQL {PostgresConnection.Describe(builder.ConnectionString)}", async token =>
        {
            await using var connection = await OpenAsync(token);
            await connection.ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        });
    }

    private async Task<(string Connection, string Location, Func<CancellationToken, Task> Drop)> ScratchSchemaAsync(string scratch, string name, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnection.Normalize(scratch)) { ApplicationName = "monthend dry run" };
        var production = new NpgsqlConnectionStringBuilder(ConnectionString);
        if (string.Equals(builder.Host, production.Host, StringComparison.OrdinalIgnoreCase) && builder.Port == production.Port &&
            builder.Database == production.Database)
        {
            throw new ArgumentException("it names the production database itself; give another database for the dry run's copy");
        }

        var plain = builder.ConnectionString;
        await using (var connection = new NpgsqlConnection(plain))
        {
            await connection.OpenAsync(ct);
            await connection.ExecuteAsync($"CREATE SCHEMA {name}");
        }

        builder.SearchPath = name;
        return (builder.ConnectionString, $"PostgreSQL {PostgresConnection.Describe(plain)} schema {name}", async token =>
        {
            await using var connection = new NpgsqlConnection(plain);
            await connection.OpenAsync(token);
            await connection.ExecuteAsync($"DROP SCHEMA IF EXISTS {name} CASCADE");
        });
    }
}
