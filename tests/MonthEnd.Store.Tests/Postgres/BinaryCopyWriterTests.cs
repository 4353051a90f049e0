using System.Globalization;
using Dapper;
using MonthEnd.Core.Accounting;
using MonthEnd.Postgres.Staging;
using Npgsql;

namespace MonthEnd.Store.Tests.Postgres;

/// <summary>
/// The staging COPY encoder writes PostgreSQL's binary format by hand, so every kind of value it
/// writes is sent to a real server and read back as the server's own text.
/// </summary>
public sealed class BinaryCopyWriterTests : IAsyncLifetime
{
    private string _connection = null!;

    public async Task InitializeAsync() => _connection = await TestServer.CreateDatabaseAsync();

    public Task DisposeAsync() => TestServer.DropDatabaseAsync(_connection);

    [Fact]
    public async Task every_amount_reads_back_from_numeric_18_2_as_its_exact_sen()
    {
        var amounts = LedgerAmountSamples.Of(seed: 20251231).Select(Money.FromMinor).ToList();

        await using var connection = await OpenAsync("CREATE TABLE amounts (no BIGINT NOT NULL, amount NUMERIC(18, 2))");
        await using (var copy = await BinaryCopyWriter.BeginAsync(connection, "COPY amounts (no, amount) FROM STDIN (FORMAT BINARY)", CancellationToken.None))
        {
            for (var i = 0; i < amounts.Count; i++)
            {
                copy.StartRow(2);
                copy.WriteBigint(i);
                copy.WriteNumeric(amounts[i]);
                await copy.EndRowAsync(CancellationToken.None);
            }

            await copy.CompleteAsync(CancellationToken.None);
        }

        var stored = (await connection.QueryAsync<(long No, string Text)>("SELECT no, amount::text FROM amounts ORDER BY no")).ToList();
        stored.Count.ShouldBe(amounts.Count);
        foreach (var (no, text) in stored)
        {
            text.ShouldBe(LedgerAmountSamples.ServerText(amounts[(int)no].Minor), $"row {no}");
        }
    }

    [Fact]
    public async Task text_dates_smallints_and_nulls_read_back_as_written()
    {
        string?[] texts = [null, "", "PREM-TBR", "Kas & Bank — Tabarru' ümlaut 账户", new string('x', 70_000)];
        DateOnly[] dates = [new(2000, 1, 1), new(1999, 12, 31), new(2025, 1, 31), new(2024, 2, 29), new(1, 1, 1), new(9999, 12, 31)];
        short[] smallints = [0, 1, -1, short.MaxValue, short.MinValue];

        await using var connection = await OpenAsync("CREATE TABLE mixed (no BIGINT, t TEXT, d DATE, s SMALLINT)");
        var rows = Enumerable.Range(0, 30).Select(i => (No: (long)i, Text: texts[i % texts.Length], Date: dates[i % dates.Length], Small: smallints[i % smallints.Length])).ToList();
        await using (var copy = await BinaryCopyWriter.BeginAsync(connection, "COPY mixed (no, t, d, s) FROM STDIN (FORMAT BINARY)", CancellationToken.None))
        {
            foreach (var row in rows)
            {
                copy.StartRow(4);
                copy.WriteBigint(row.No);
                copy.WriteText(row.Text);
                copy.WriteDate(row.Date);
                copy.WriteSmallint(row.Small);
                await copy.EndRowAsync(CancellationToken.None);
            }

            await copy.CompleteAsync(CancellationToken.None);
        }

        var stored = (await connection.QueryAsync<(long No, string? Text, string Date, short Small)>("SELECT no, t, to_char(d, 'YYYY-MM-DD'), s FROM mixed ORDER BY no")).ToList();
        stored.Select(r => (r.No, r.Text, r.Date, r.Small))
            .ShouldBe(rows.Select(r => (r.No, r.Text, r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Small)));
    }

    [Fact]
    public async Task a_copy_not_completed_is_cancelled_and_leaves_no_row()
    {
        await using var connection = await OpenAsync("CREATE TABLE cancelled (no BIGINT)");
        await using (var copy = await BinaryCopyWriter.BeginAsync(connection, "COPY cancelled (no) FROM STDIN (FORMAT BINARY)", CancellationToken.None))
        {
            copy.StartRow(1);
            copy.WriteBigint(1);
            await copy.EndRowAsync(CancellationToken.None);
        }

        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM cancelled")).ShouldBe(0);
    }

    private Task<NpgsqlConnection> OpenAsync(string ddl) => LedgerAmountSamples.OpenWithTableAsync(_connection, ddl);
}
