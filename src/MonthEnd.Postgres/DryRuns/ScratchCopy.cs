using System.Data;
using Dapper;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Storage;
using Npgsql;

namespace MonthEnd.Postgres.DryRuns;

/// <summary>
/// Fills a migrated scratch database from production with binary COPY, table by table
/// (<see cref="DryRunScope"/>): every COPY out runs in one REPEATABLE READ, READ ONLY transaction, so
/// the copy is one consistent state, and takes no lock a writer waits for; every COPY in runs in one
/// transaction on the scratch side.
/// </summary>
internal static class ScratchCopy
{
    public static async Task FillAsync(
        NpgsqlConnection production, NpgsqlConnection scratch, Period period, IProgress<DryRunCopyProgress>? progress, CancellationToken ct)
    {
        await using var reading = await production.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await production.ExecuteAsync("SET TRANSACTION READ ONLY", transaction: reading);
        await production.ExecuteAsync($"SELECT set_config('{DryRunScope.StartSetting}', @start, true), set_config('{DryRunScope.EndSetting}', @end, true)",
            new { start = period.Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), end = period.End.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) },
            reading);
        await using var writing = await scratch.BeginTransactionAsync(ct);
        // The migration put zero balances in; production's take their place.
        await scratch.ExecuteAsync("DELETE FROM fund_balance", transaction: writing);
        var done = 0;
        foreach (var (table, where) in DryRunScope.Tables)
        {
            if (await ColumnsAsync(scratch, writing, table) is not { } columns)
            {
                continue;
            }

            await using (var source = await production.BeginRawBinaryCopyAsync($"COPY (SELECT {columns} FROM {table} WHERE {where}) TO STDOUT (FORMAT BINARY)", ct))
            await using (var target = await scratch.BeginRawBinaryCopyAsync($"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)", ct))
            {
                await source.CopyToAsync(target, ct);
            }

            progress?.Report(new DryRunCopyProgress(table, ++done, DryRunScope.Tables.Count));
        }

        foreach (var (table, column) in DryRunScope.Identities)
        {
            await scratch.ExecuteAsync(
                $"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), coalesce((SELECT max({column}) FROM {table}), 0) + 1, false)",
                transaction: writing);
        }

        await writing.CommitAsync(ct);
        await reading.CommitAsync(ct);
    }

    /// <summary>The table's columns as the scratch database has them (the same migrations made production's), quoted; null when it has no such table.</summary>
    private static Task<string?> ColumnsAsync(NpgsqlConnection scratch, NpgsqlTransaction transaction, string table) =>
        scratch.ExecuteScalarAsync<string?>("""
            SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute
            WHERE attrelid = to_regclass(@table) AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
            """, new { table }, transaction);
}
