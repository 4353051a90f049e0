using System.Diagnostics;
using Dapper;
using MonthEnd.Bench.Reporting;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Rules;
using Npgsql;
using NpgsqlTypes;

namespace MonthEnd.Bench.Postgres;

/// <summary>
/// Reference (b), the write floor: as many ledger rows as the month-end writes (an entry per premium
/// template per premium, one per claim, and their lines), with the ledger's column types and
/// values like the real ones (the rules' templates, accounts and funds; amounts of the same size),
/// streamed by binary COPY into empty tables without keys, indexes or CHECKs. The rows are made up
/// in memory (no source read, no posting); W connections (the worker count) each write a
/// contiguous share in a transaction of their own, durably committed.
/// </summary>
internal static class RawCopyWorkload
{
    public const string HeaderTable = "floor_je_header";
    public const string LineTable = "floor_je_line";

    public static async Task<Measurement> RunAsync(string connection, BenchOptions options, Period period, RuleSet rules)
    {
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using (var db = await dataSource.OpenConnectionAsync())
        {
            foreach (var ddl in SqlScript.Steps("ledger_tables").Where(s => s.Name == "raw copy"))
            {
                await db.ExecuteAsync(ddl.Sql);
            }
        }

        var ledger = new SyntheticLedger(rules, period, options.Premiums, options.Claims);
        var writers = Math.Max(1, options.Workers);
        var share = (ledger.Entries + writers - 1) / writers;
        var postedAt = DateTime.UtcNow;
        var postedBy = Environment.UserName; // a system call each time: not per row

        ProcessMemory.Reset();
        using var memory = new MemorySampler();
        var cpu = new CpuMeter();
        var watch = Stopwatch.StartNew();
        var laps = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() =>
            WriteShareAsync(dataSource, ledger, 1 + (w * share), Math.Min(ledger.Entries, (w + 1) * share), postedBy, postedAt))));
        var total = watch.Elapsed;
        var (clientCpu, machineCpu) = cpu.Elapsed();
        memory.Stop();
        var peakResident = ProcessMemory.PeakResident();

        await using var check = await dataSource.OpenConnectionAsync();
        var headers = await check.ExecuteScalarAsync<long>($"SELECT count(*) FROM {HeaderTable}", commandTimeout: 0);
        var lines = await check.ExecuteScalarAsync<long>($"SELECT count(*) FROM {LineTable}", commandTimeout: 0);
        BenchCheck.That(headers == ledger.Entries && lines == ledger.Lines,
            $"reference (b) wrote {headers} entries and {lines} lines, expected {ledger.Entries} and {ledger.Lines}");
        Step Slowest(string name, Func<(TimeSpan Headers, TimeSpan Lines, TimeSpan Commit), TimeSpan> part) => new(name, laps.Max(part));
        var steps = new List<Step>
        {
            Slowest("COPY entries (slowest connection)", l => l.Headers),
            Slowest("COPY lines (slowest connection)", l => l.Lines),
            Slowest("durable commit (slowest connection)", l => l.Commit),
        };
        return new Measurement($"(b) raw binary COPY, {writers} connections", total, steps, headers, lines, peakResident, memory.PeakManagedBytes)
        {
            ClientCpu = clientCpu,
            MachineCpu = machineCpu,
        };
    }

    private static async Task<(TimeSpan Headers, TimeSpan Lines, TimeSpan Commit)> WriteShareAsync(
        NpgsqlDataSource dataSource, SyntheticLedger ledger, long first, long last, string postedBy, DateTime postedAt)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var lap = Stopwatch.StartNew();
        await using (var copy = await connection.BeginBinaryImportAsync($"""
            COPY {HeaderTable} (je_id, je_number, je_date, je_type, reference_type, reference_id, description, total_debit, total_credit, status,
                coa_version_id, template_code, created_by, posted_by, posted_at, batch_id, batch_created_at) FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var je = first; je <= last; je++)
            {
                var e = ledger.Entry(je);
                copy.StartRow();
                copy.Write(je, NpgsqlDbType.Bigint);
                copy.Write(je, NpgsqlDbType.Bigint);
                copy.Write(e.Date, NpgsqlDbType.Date);
                copy.Write(e.Template.JeType, NpgsqlDbType.Text);
                copy.Write(e.Template.Source.Code(), NpgsqlDbType.Text);
                copy.Write(e.ReferenceId, NpgsqlDbType.Bigint);
                copy.Write(e.Template.Description, NpgsqlDbType.Text);
                copy.Write(e.Amount, NpgsqlDbType.Numeric);
                copy.Write(e.Amount, NpgsqlDbType.Numeric);
                copy.Write("POSTED", NpgsqlDbType.Text);
                copy.Write(ledger.ChartVersion, NpgsqlDbType.Integer);
                copy.Write(e.Template.Code, NpgsqlDbType.Text);
                copy.Write("BATCH_SYSTEM", NpgsqlDbType.Text);
                copy.Write(postedBy, NpgsqlDbType.Text);
                copy.Write(postedAt, NpgsqlDbType.TimestampTz);
                copy.Write(ledger.BatchId, NpgsqlDbType.Text);
                copy.Write(postedAt, NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync();
        }

        var headers = lap.Elapsed;
        lap.Restart();
        await using (var copy = await connection.BeginBinaryImportAsync($"""
            COPY {LineTable} (je_id, line_number, account_code, fund_type, debit_amount, credit_amount, description) FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var je = first; je <= last; je++)
            {
                var e = ledger.Entry(je);
                foreach (var line in e.Template.Lines)
                {
                    copy.StartRow();
                    copy.Write(je, NpgsqlDbType.Bigint);
                    copy.Write(line.LineNumber, NpgsqlDbType.Smallint);
                    copy.Write(line.Account.Code, NpgsqlDbType.Text);
                    if (line.Fund is { } fund) copy.Write(fund.Code(), NpgsqlDbType.Text); else copy.WriteNull();
                    copy.Write(line.Side == EntrySide.Debit ? e.Amount : 0m, NpgsqlDbType.Numeric);
                    copy.Write(line.Side == EntrySide.Credit ? e.Amount : 0m, NpgsqlDbType.Numeric);
                    if (line.Memo is { } memo) copy.Write(memo, NpgsqlDbType.Text); else copy.WriteNull();
                }
            }

            await copy.CompleteAsync();
        }

        var lines = lap.Elapsed;
        lap.Restart();
        await transaction.CommitAsync();
        return (headers, lines, lap.Elapsed);
    }
}
