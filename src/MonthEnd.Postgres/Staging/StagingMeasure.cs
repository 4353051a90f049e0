using System.Data;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Validation;
using Npgsql;

namespace MonthEnd.Postgres.Staging;

/// <summary>
/// Streams a batch's staging tables, in key order, through the core's <see cref="StagingTally"/>,
/// each row with its content hash over every column the rules decide; a header whose batch-wide
/// columns (status, created_by, chart version, batch id and time) are not the batch's gets a hash no
/// posted entry has. The batch's whole range is one unit for the per-entry checks here: its rows are
/// in one table pair; their content adds up per partition by JE range. Synchronous reads on
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
        var tally = new StagingTally(PartitionRanges(headerConnection, batch.BatchId));
        tally.AddPartition(batch.Sequence, Headers(headerConnection, batch, batchKey), Lines(lineConnection, StagingTables.Line(batchKey), null));
        return tally.Complete();
    }

    private static List<PartitionDigestRange> PartitionRanges(NpgsqlConnection connection, string batchId)
    {
        using var command = new NpgsqlCommand(
            "SELECT partition_no, sequence_start, sequence_end FROM staging_worker_partition WHERE batch_id = @batchId", connection);
        command.Parameters.AddWithValue("batchId", batchId);
        using var reader = command.ExecuteReader();
        var ranges = new List<PartitionDigestRange>();
        while (reader.Read())
        {
            ranges.Add(new PartitionDigestRange(reader.GetInt32(0), new SequenceRange(reader.GetInt64(1), reader.GetInt64(2))));
        }

        return ranges;
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

    private static IEnumerable<StagedHeaderRow> Headers(NpgsqlConnection connection, BatchRecord batch, long batchKey)
    {
        using var command = new NpgsqlCommand(
            // je_id, not je_number: the primary key's order, without a sort (a CHECK keeps je_number = je_id).
            $"""
             SELECT je_number, reference_type, total_debit, total_credit, je_date, je_type, reference_id, template_code, description,
                    status = 'POSTED' AND created_by = 'BATCH_SYSTEM' AND coa_version_id = @coa AND batch_id = @batchId
                    AND batch_created_at = (SELECT created_at FROM staging_month_end_master WHERE batch_id = @batchId)
             FROM {StagingTables.Header(batchKey)} ORDER BY je_id
             """, connection);
        command.Parameters.AddWithValue("coa", batch.CoaVersion);
        command.Parameters.AddWithValue("batchId", batch.BatchId);
        foreach (var (row, batchColumnsAlike) in HashedHeaders(command))
        {
            yield return batchColumnsAlike ? row : row with { Content = EntryContent.Unlike(row.Content) };
        }
    }

    /// <summary>
    /// The headers a query selects (je_number, reference_type, total_debit, total_credit, je_date,
    /// je_type, reference_id, template_code, description, then a boolean of the caller's), each with
    /// its content hash, beside that boolean.
    /// </summary>
    public static IEnumerable<(StagedHeaderRow Row, bool Flag)> HashedHeaders(NpgsqlCommand command)
    {
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var number = reader.GetInt64(0);
            var referenceType = reader.GetString(1);
            var kind = referenceType == SourceKind.Claim.Code() ? SourceKind.Claim : SourceKind.Premium;
            var (debit, credit) = (Money.FromDecimal(reader.GetDecimal(2)), Money.FromDecimal(reader.GetDecimal(3)));
            var content = EntryContent.Header(number, reader.GetFieldValue<DateOnly>(4), reader.GetString(5), referenceType, reader.GetInt64(6),
                reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8), debit, credit);
            yield return (new StagedHeaderRow(number, kind, debit, credit, content), reader.GetBoolean(9));
        }
    }

    /// <summary>WHEN fund_type = @f1 THEN 1 … for each fund (a CASE is cheaper per row than array_position).</summary>
    private static readonly string FundPositions = string.Join(" ", Funds.All.Select((_, i) => $"WHEN fund_type = @f{i + 1} THEN {i + 1}"));

    /// <summary>
    /// A line table's lines (staging's, or the ledger's numbered in <paramref name="range"/>), in key order, each with its
    /// content hash; their fund comes as its position in <see cref="Funds.All"/> (0 for none): no string per line on the client.
    /// </summary>
    public static IEnumerable<StagedLineRow> Lines(NpgsqlConnection connection, string table, SequenceRange? range)
    {
        using var command = new NpgsqlCommand(
            $"""
             SELECT je_id, CASE WHEN fund_type IS NULL THEN 0 {FundPositions} ELSE -1 END, debit_amount, credit_amount, line_number,
                    account_code, description
             FROM {table} {(range is null ? "" : "WHERE je_id BETWEEN @first AND @last")} ORDER BY je_id, line_number
             """, connection);
        InRange(command, range);
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
            var lineNumber = reader.GetInt16(4);
            var (debit, credit) = (Money.FromDecimal(reader.GetDecimal(2)), Money.FromDecimal(reader.GetDecimal(3)));
            var content = EntryContent.Line(number, lineNumber, reader.GetString(5), fund, debit, credit, reader.IsDBNull(6) ? null : reader.GetString(6));
            yield return new StagedLineRow(number, lineNumber, fund, debit, credit, content);
        }
    }

    /// <summary>The staged rows numbered in a partition's range, column by column, to name a difference.</summary>
    public static Task<IReadOnlyList<ContentRow>> ContentRowsAsync(NpgsqlConnection connection, long batchKey, SequenceRange range) =>
        ContentRowsAsync(connection, StagingTables.Header(batchKey), StagingTables.Line(batchKey), range);

    /// <summary>The rows of a header and a line table (staging or the ledger) numbered in a range, column by column.</summary>
    public static async Task<IReadOnlyList<ContentRow>> ContentRowsAsync(NpgsqlConnection connection, string headerTable, string lineTable, SequenceRange range)
    {
        var rows = new List<ContentRow>();
        await using (var command = new NpgsqlCommand($"""
            SELECT je_id, je_number, je_date, je_type, reference_type, reference_id, template_code, description, total_debit, total_credit
            FROM {headerTable} WHERE je_id BETWEEN @first AND @last
            """, connection))
        {
            InRange(command, range);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(new ContentRow(reader.GetInt64(0), null,
                [
                    ("je_number", ContentRow.Text(reader.GetInt64(1))), ("je_date", ContentRow.Text(reader.GetFieldValue<DateOnly>(2))),
                    ("je_type", reader.GetString(3)), ("reference_type", reader.GetString(4)), ("reference_id", ContentRow.Text(reader.GetInt64(5))),
                    ("template_code", reader.GetString(6)), ("description", ContentRow.Text(reader.IsDBNull(7) ? null : reader.GetString(7))),
                    ("total_debit", ContentRow.Text(Money.FromDecimal(reader.GetDecimal(8)))), ("total_credit", ContentRow.Text(Money.FromDecimal(reader.GetDecimal(9)))),
                ]));
            }
        }

        await using (var command = new NpgsqlCommand($"""
            SELECT je_id, line_number, account_code, fund_type, debit_amount, credit_amount, description
            FROM {lineTable} WHERE je_id BETWEEN @first AND @last
            """, connection))
        {
            InRange(command, range);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var number = reader.GetInt64(0);
                var lineNumber = reader.GetInt16(1);
                rows.Add(new ContentRow(number, lineNumber,
                [
                    ("je_id", ContentRow.Text(number)), ("line_number", ContentRow.Text(lineNumber)), ("account_code", reader.GetString(2)),
                    ("fund_type", ContentRow.Text(reader.IsDBNull(3) ? null : reader.GetString(3))),
                    ("debit_amount", ContentRow.Text(Money.FromDecimal(reader.GetDecimal(4)))), ("credit_amount", ContentRow.Text(Money.FromDecimal(reader.GetDecimal(5)))),
                    ("description", ContentRow.Text(reader.IsDBNull(6) ? null : reader.GetString(6))),
                ]));
            }
        }

        return rows;
    }

    public static void InRange(NpgsqlCommand command, SequenceRange? range)
    {
        if (range is { } r)
        {
            command.Parameters.AddWithValue("first", r.First);
            command.Parameters.AddWithValue("last", r.Last);
        }
    }
}
