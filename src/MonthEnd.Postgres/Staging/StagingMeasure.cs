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
/// purpose: the tally merges two streams row by row, and nothing is buffered. Amounts come as whole
/// sen, exact because the staged columns are the ledger's NUMERIC(18,2) (see SourceRowReader).
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
             SELECT je_number, reference_type IS NOT DISTINCT FROM @claim, (total_debit * 100)::bigint, (total_credit * 100)::bigint
             FROM {StagingTables.Header(batchKey)} ORDER BY je_id
             """, connection);
        command.Parameters.AddWithValue("claim", SourceKind.Claim.Code());
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var number = reader.GetInt64(0);
            var kind = reader.GetBoolean(1) ? SourceKind.Claim : SourceKind.Premium;
            yield return new StagedHeaderRow(number, kind, Money.FromMinor(reader.GetInt64(2)), Money.FromMinor(reader.GetInt64(3)));
        }
    }

    /// <summary>Lines with their fund as its position in <see cref="Funds.All"/> (0 for none): no string per line on the client.</summary>
    private static IEnumerable<StagedLineRow> Lines(NpgsqlConnection connection, long batchKey)
    {
        using var command = new NpgsqlCommand(
            $"""
             SELECT je_id, CASE WHEN fund_type IS NULL THEN 0 ELSE coalesce(array_position(@funds, fund_type), -1) END,
                    (debit_amount * 100)::bigint, (credit_amount * 100)::bigint
             FROM {StagingTables.Line(batchKey)} ORDER BY je_id, line_number
             """, connection);
        command.Parameters.AddWithValue("funds", Funds.All.Select(f => f.Code()).ToArray());
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
            yield return new StagedLineRow(number, fund, Money.FromMinor(reader.GetInt64(2)), Money.FromMinor(reader.GetInt64(3)));
        }
    }
}
