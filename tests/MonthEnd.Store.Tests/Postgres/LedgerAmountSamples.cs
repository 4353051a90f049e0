using System.Globalization;
using Dapper;
using Npgsql;

namespace MonthEnd.Store.Tests.Postgres;

/// <summary>
/// Amounts in sen that a NUMERIC(18, 2) ledger column holds, for the binary COPY encoder and decoder
/// tests: the edges of each base-10000 digit group and of the column, then random amounts of every
/// magnitude.
/// </summary>
internal static class LedgerAmountSamples
{
    private static readonly long[] Edges =
    [
        0, 1, -1, 9, 10, 99, 100, -100, 101, 4500, 10_000, 1_000_000, 100_000_000, 100_000_001, 1_000_000_000_000,
        1_0000_0000_0001, 5_0000_0000_0000_00, 999_999_999_999_999_999, -999_999_999_999_999_999, 40_000_000, 1_000_000_00, 1_0000_00,
    ];

    public static List<long> Of(int seed, int randomCount = 20_000)
    {
        var random = new Random(seed);
        return [.. Edges.Concat(Enumerable.Range(0, randomCount).Select(_ =>
            random.NextInt64(-999_999_999_999_999_999, 999_999_999_999_999_999) / (long)Math.Pow(10, random.Next(0, 17))))];
    }

    /// <summary>The server's text of an amount in NUMERIC(18,2), written out independently of the encoder and the decoder.</summary>
    public static string ServerText(long minor)
    {
        var magnitude = minor < 0 ? -(decimal)minor : minor;
        return (minor < 0 ? "-" : "") + Math.Truncate(magnitude / 100).ToString("0", CultureInfo.InvariantCulture) + "." +
               (magnitude % 100).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>A connection to the test's database with the test's table made.</summary>
    public static async Task<NpgsqlConnection> OpenWithTableAsync(string connectionString, string ddl)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync(ddl);
        return connection;
    }
}
