using System.Globalization;
using System.Text;
using Dapper;
using MonthEnd.Core.Accounting;
using MonthEnd.Postgres.Staging;
using Npgsql;

namespace MonthEnd.Store.Tests.Postgres;

/// <summary>
/// The reversal's COPY decoder reads PostgreSQL's binary format by hand, so every kind of value it
/// reads comes from a real server, stored from text the test writes independently, and must come
/// back as that value; what is no amount (NULL, a fraction of a sen, NaN, an infinity) is refused.
/// </summary>
public sealed class BinaryCopyReaderTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private string _connection = null!;

    public async Task InitializeAsync() => _connection = await TestServer.CreateDatabaseAsync();

    public Task DisposeAsync() => TestServer.DropDatabaseAsync(_connection);

    [Fact]
    public async Task every_amount_stored_in_numeric_18_2_decodes_to_its_exact_sen()
    {
        var amounts = LedgerAmountSamples.Of(seed: 20261203);
        await using var connection = await OpenAsync("CREATE TABLE amounts (no BIGINT NOT NULL, amount NUMERIC(18, 2))");
        await connection.ExecuteAsync("INSERT INTO amounts SELECT no - 1, amount::numeric(18, 2) FROM unnest(@texts::text[]) WITH ORDINALITY AS t (amount, no)",
            new { texts = amounts.Select(LedgerAmountSamples.ServerText).ToArray() });

        using var rows = await BinaryCopyReader.ReadAsync(connection, "COPY (SELECT no, amount FROM amounts ORDER BY no) TO STDOUT (FORMAT BINARY)", 1024, Ct);
        var fields = new CopyField[2];
        var read = 0;
        while (rows.NextRow(fields))
        {
            var no = rows.Int64(fields[0]);
            no.ShouldBe(read++);
            rows.Amount(fields[1]).Minor.ShouldBe(amounts[(int)no], $"row {no}: {LedgerAmountSamples.ServerText(amounts[(int)no])}");
        }

        read.ShouldBe(amounts.Count);
    }

    [Theory]
    [InlineData("NULL::numeric", "NULL")]
    [InlineData("0.001", "fraction of a sen")]
    [InlineData("12.345", "fraction of a sen")]
    [InlineData("0.00001", "fraction of a sen")]
    [InlineData("'NaN'::numeric", "NaN")]
    [InlineData("'Infinity'::numeric", "infinity")]
    [InlineData("'-Infinity'::numeric", "infinity")]
    public async Task what_is_not_an_amount_in_sen_is_refused_not_rounded(string value, string named)
    {
        await using var connection = await OpenAsync("SELECT 1");
        using var rows = await BinaryCopyReader.ReadAsync(connection, $"COPY (SELECT {value}) TO STDOUT (FORMAT BINARY)", 64, Ct);
        var fields = new CopyField[1];
        rows.NextRow(fields).ShouldBeTrue();

        Should.Throw<InvalidDataException>(() => rows.Amount(fields[0])).Message.ShouldContain(named);
    }

    [Fact]
    public async Task an_amount_beyond_a_long_of_sen_is_refused()
    {
        await using var connection = await OpenAsync("SELECT 1");
        using var rows = await BinaryCopyReader.ReadAsync(connection, "COPY (SELECT 100000000000000000000::numeric) TO STDOUT (FORMAT BINARY)", 64, Ct);
        var fields = new CopyField[1];
        rows.NextRow(fields).ShouldBeTrue();

        Should.Throw<OverflowException>(() => rows.Amount(fields[0]));
    }

    [Fact]
    public async Task texts_dates_numbers_flags_and_nulls_decode_as_stored_and_pass_on_unchanged()
    {
        string?[] texts = [null, "", "PREM-TBR", "Kas & Bank — Tabarru' ümlaut 账户", new string('x', 70_000)];
        DateOnly[] dates = [new(2000, 1, 1), new(1999, 12, 31), new(2025, 1, 31), new(2024, 2, 29), new(1, 1, 1), new(9999, 12, 31)];
        short[] smallints = [0, 1, -1, short.MaxValue, short.MinValue];
        long[] bigints = [0, 1, -1, long.MaxValue, long.MinValue];
        var rows = Enumerable.Range(0, 30).Select(i => (No: (long)i, Text: texts[i % texts.Length], Date: dates[i % dates.Length],
            Small: smallints[i % smallints.Length], Big: bigints[i % bigints.Length], Flag: i % 3 == 0)).ToList();
        await using var connection = await OpenAsync("CREATE TABLE mixed (no BIGINT, t TEXT, d DATE, s SMALLINT, b BIGINT, f BOOLEAN)");
        await connection.ExecuteAsync(
            "INSERT INTO mixed SELECT * FROM unnest(@nos::bigint[], @texts::text[], @dates::text[]::date[], @smalls::smallint[], @bigs::bigint[], @flags::boolean[])",
            new
            {
                nos = rows.Select(r => r.No).ToArray(), texts = rows.Select(r => r.Text).ToArray(),
                dates = rows.Select(r => r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray(),
                smalls = rows.Select(r => r.Small).ToArray(), bigs = rows.Select(r => r.Big).ToArray(), flags = rows.Select(r => r.Flag).ToArray(),
            });
        await connection.ExecuteAsync("CREATE TABLE passed_on (t TEXT, d DATE, s SMALLINT, b BIGINT, f BOOLEAN)");

        var decoded = new List<(long, string?, DateOnly, short, long, bool)>();
        using (var read = await BinaryCopyReader.ReadAsync(connection, "COPY (SELECT no, t, d, s, b, f FROM mixed ORDER BY no) TO STDOUT (FORMAT BINARY)", 16, Ct))
        await using (var copy = await BinaryCopyWriter.BeginAsync(connection, "COPY passed_on (t, d, s, b, f) FROM STDIN (FORMAT BINARY)", Ct))
        {
            var fields = new CopyField[6];
            while (read.NextRow(fields))
            {
                decoded.Add((read.Int64(fields[0]), fields[1].IsNull ? null : Encoding.UTF8.GetString(read.Bytes(fields[1])), read.Date(fields[2]),
                    read.Int16(fields[3]), read.Int64(fields[4]), read.Boolean(fields[5])));
                copy.StartRow(5);
                for (var i = 1; i < fields.Length; i++)
                {
                    copy.WriteField(read.Raw(fields[i]));
                }

                await copy.EndRowAsync(Ct);
            }

            await copy.CompleteAsync(Ct);
        }

        decoded.ShouldBe(rows.Select(r => (r.No, r.Text, r.Date, r.Small, r.Big, r.Flag)));
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM (SELECT t, d, s, b, f FROM mixed EXCEPT ALL SELECT * FROM passed_on) missing"))
            .ShouldBe(0, "each field passed on as it was read is stored as it was");
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM passed_on")).ShouldBe(rows.Count);
    }

    [Fact]
    public async Task an_infinite_date_is_refused()
    {
        await using var connection = await OpenAsync("SELECT 1");
        using var rows = await BinaryCopyReader.ReadAsync(connection, "COPY (SELECT 'infinity'::date) TO STDOUT (FORMAT BINARY)", 64, Ct);
        var fields = new CopyField[1];
        rows.NextRow(fields).ShouldBeTrue();

        Should.Throw<InvalidDataException>(() => rows.Date(fields[0])).Message.ShouldContain("infinite");
    }

    private Task<NpgsqlConnection> OpenAsync(string ddl) => LedgerAmountSamples.OpenWithTableAsync(_connection, ddl);
}
