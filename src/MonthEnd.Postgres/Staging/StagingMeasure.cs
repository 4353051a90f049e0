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
            $"SELECT je_number, reference_type, (total_debit * 100)::bigint, (total_credit * 100)::bigint FROM {StagingTables.Header(batchKey)} ORDER BY je_id", connection);
        using var reader = command.ExecuteReader(CommandBehavior.SequentialAccess);
        while (reader.Read())
        {
            var number = reader.GetInt64(0);
            var kind = reader.GetString(1) == "CLAIM" ? SourceKind.Claim : SourceKind.Premium;
            yield return new StagedHeaderRow(number, kind, Money.FromMinor(reader.GetInt64(2)), Money.FromMinor(reader.GetInt64(3)));
        }
    }

    private static IEnumerable<StagedLineRow> Lines(NpgsqlConnection connection, long batchKey)
    {
        using var command = new NpgsqlCommand(
            $"SELECT je_id, fund_type, (debit_amount * 100)::bigint, (credit_amount * 100)::bigint FROM {StagingTables.Line(batchKey)} ORDER BY je_id, line_number", connection);
        using var reader = command.ExecuteReader(CommandBehavior.SequentialAccess);
        while (reader.Read())
        {
            var number = reader.GetInt64(0);
            Fund? fund = reader.IsDBNull(1) ? null : Funds.Parse(reader.GetString(1));
            yield return new StagedLineRow(number, fund, Money.FromMinor(reader.GetInt64(2)), Money.FromMinor(reader.GetInt64(3)));
        }
    }
}
