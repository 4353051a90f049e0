using Dapper;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Source;
using MonthEnd.Postgres.SourceRows;
using MonthEnd.Postgres.Staging;
using Npgsql;

namespace MonthEnd.Postgres.Audit;

/// <summary>
/// A sealed batch's ledger and source read for its seal: every header and line numbered in the batch's
/// range hashed by the very code that measures staging at commit (<see cref="StagingMeasure.HashedHeaders"/>),
/// read from the ledger's parent tables (the range prunes them to the batch's partitions).
/// </summary>
internal static class SealedLedger
{
    public static LedgerMeasure Measure(NpgsqlConnection connection, LedgerSeal seal)
    {
        var tally = new LedgerTally(seal);
        using (var headers = new NpgsqlCommand("""
            SELECT je_number, reference_type, total_debit, total_credit, je_date, je_type, reference_id, template_code, description, batch_id = @batchId
            FROM journal_entry_header WHERE je_id BETWEEN @first AND @last ORDER BY je_id
            """, connection))
        {
            headers.Parameters.AddWithValue("batchId", seal.BatchId);
            StagingMeasure.InRange(headers, seal.Sequence);
            foreach (var (row, ofBatch) in StagingMeasure.HashedHeaders(headers))
            {
                tally.Header(row.JeNumber, ofBatch, row.Content);
            }
        }

        foreach (var line in StagingMeasure.Lines(connection, "journal_entry_line", seal.Sequence))
        {
            tally.Line(line.JeNumber, line.Content);
        }

        // No index on batch_id: one pass over the other batches' headers, the price of catching an entry inserted anywhere under the batch's name.
        var (outside, first) = connection.QuerySingle<(long, long?)>("""
            SELECT count(*), min(je_id) FROM journal_entry_header
            WHERE batch_id = @batchId AND (je_id < @first OR je_id > @last)
            """, new { batchId = seal.BatchId, first = seal.Sequence.First, last = seal.Sequence.Last });
        tally.Outside(outside, first);
        return tally.Complete();
    }

    /// <summary>The premiums the commit marked with the batch in a partition's id range, as the posting code reads them.</summary>
    public static Task<List<PremiumRecord>> PremiumsAsync(NpgsqlConnection connection, string batchId, SealedPartition partition, CancellationToken ct) =>
        PostedAsync(connection, $"SELECT {SourceRowReader.PremiumColumns} FROM premium_transaction", "txn_id", batchId, partition, SourceRowReader.ReadPremium, ct);

    public static Task<List<ClaimRecord>> ClaimsAsync(NpgsqlConnection connection, string batchId, SealedPartition partition, CancellationToken ct) =>
        PostedAsync(connection, $"SELECT {SourceRowReader.ClaimColumns} FROM claims_transaction", "claim_id", batchId, partition, SourceRowReader.ReadClaim, ct);

    private static async Task<List<T>> PostedAsync<T>(
        NpgsqlConnection connection, string select, string id, string batchId, SealedPartition partition, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"{select} WHERE batch_id = @batchId AND {id} BETWEEN @first AND @last ORDER BY {id}, row_id", connection);
        command.Parameters.AddWithValue("batchId", batchId);
        command.Parameters.AddWithValue("first", partition.FirstSourceId);
        command.Parameters.AddWithValue("last", partition.LastSourceId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
