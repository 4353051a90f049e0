using System.Data;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Validation;
using Npgsql;

namespace MonthEnd.Postgres.Staging;

/// <summary>
/// Streams a batch's staging tables, in key order, through the core's <see cref="StagingTally"/>.
/// The batch's whole range is one unit here: its rows are in one table pair. Synchronous reads on
/// purpose: the tally merges two streams row by row, and nothing is buffered. Amounts come as NUMERIC,
/// not as whole sen like the source's: over 9 million rows the server's `* 100` conversion cost more
/// (about 3 CPU-seconds) than the client's decimal conversion.
/// </summary>
internal static class StagingMeasure
{
    public static StagingFacts Measure(NpgsqlDataSource dataSource, BatchRecord batch, long batchKey)
    {
        using var headerConnection = OpenStreaming(dataSource);
        using var lineConnection = OpenStreaming(dataSource);
        var tally = new StagingTally();
        tally.AddPartition(batch.Sequence, Headers(headerConnection, batchKey), Lines(lineConnection, batchKey));
        return tally.Complete();
    }

    /// <summary>A connection for one long ordered read: JIT compiling it costs more than it saves.</summary>
    private static NpgsqlConnection OpenStreaming(NpgsqlDataSource dataSource)
    {
        var connection = dataSource.OpenConnection();
        try
        {
            using var jitOff = new NpgsqlCommand("SET jit = off", connection);
            jitOff.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static IEnumerable<StagedHeaderRow> Headers(NpgsqlConnection connection, long batchKey)
    {
        using var command = new NpgsqlCommand(
            // je_id, not je_number: the primary key's order, without a sort (a CHECK keeps je_number = je_id).
            $"""
             SELECT je_number, reference_type IS NOT DISTINCT FROM @claim, total_debit, total_credit
             FROM {StagingTables.Header(batchKey)} ORDER BY je_id
             """, connection);
        command.Parameters.AddWithValue("claim", SourceKind.Claim.Code());
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var number = reader.GetInt64(0);
            var kind = reader.GetBoolean(1) ? SourceKind.Claim : SourceKind.Premium;
            yield return new StagedHeaderRow(number, kind, Money.FromDecimal(reader.GetDecimal(2)), Money.FromDecimal(reader.GetDecimal(3)));
        }
    }

    /// <summary>WHEN fund_type = @f1 THEN 1 … for each fund (a CASE is cheaper per row than array_position).</summary>
    private static readonly string FundPositions = string.Join(" ", Funds.All.Select((_, i) => $"WHEN fund_type = @f{i + 1} THEN {i + 1}"));

    /// <summary>Lines with their fund as its position in <see cref="Funds.All"/> (0 for none): no string per line on the client.</summary>
    private static IEnumerable<StagedLineRow> Lines(NpgsqlConnection connection, long batchKey)
    {
        using var command = new NpgsqlCommand(
            $"""
             SELECT je_id, CASE WHEN fund_type IS NULL THEN 0 {FundPositions} ELSE -1 END, debit_amount, credit_amount, line_number
             FROM {StagingTables.Line(batchKey)} ORDER BY je_id, line_number
             """, connection);
        for (var i = 0; i < Funds.All.Count; i++)
        {
            command.Parameters.AddWithValue($"f{i + 1}", Funds.All[i].Code());
        }

        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var number = reader.GetInt64(0);
            Fund? fund = reader.GetInt32(1) switch
            {
                0 => null,
                > 0 and var position => Funds.All[position - 1],
                _ => throw new InvalidOperationException($"staged line of entry {number} names a fund that does not exist (the ledger's CHECK should have refused it)"),
            };
            yield return new StagedLineRow(number, reader.GetInt16(4), fund, Money.FromDecimal(reader.GetDecimal(2)), Money.FromDecimal(reader.GetDecimal(3)));
        }
    }
}
