using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Source;
using MonthEnd.Sqlite.SourceRows;
using MonthEnd.Sqlite.Staging;
using SQLitePCL;

namespace MonthEnd.Sqlite.Audit;

/// <summary>
/// A sealed batch's ledger and source read for its seal: every header and line numbered in the batch's
/// range hashed from its raw values by the very code that measures staging at commit
/// (<see cref="StagingMeasure.HeaderRow"/>), so a value of another type than its column's differs here
/// as it would have there.
/// </summary>
internal static class SealedLedger
{
    public static LedgerMeasure Measure(SqliteConnection connection, SqliteTransaction transaction, LedgerSeal seal)
    {
        var tally = new LedgerTally(seal);
        var batchId = Encoding.UTF8.GetBytes(seal.BatchId);
        using (var headers = InRange(connection, $"SELECT {StagingMeasure.HeaderColumns}, batch_id FROM journal_entry_header", seal))
        {
            while (headers.Read())
            {
                var row = StagingMeasure.HeaderRow(headers);
                var ofBatch = headers.ColumnType(10) == raw.SQLITE_TEXT && headers.Utf8(10).SequenceEqual(batchId);
                tally.Header(headers.Int64(9), ofBatch, row.Content);
            }
        }

        using (var lines = InRange(connection, $"SELECT {StagingMeasure.LineColumns} FROM journal_entry_line", seal))
        {
            while (lines.Read())
            {
                tally.Line(lines.Int64(0), StagingMeasure.LineRow(lines).Content);
            }
        }

        // No index on batch_id: one pass over the other headers, the price of catching an entry inserted anywhere under the batch's name.
        var (outside, first) = connection.QuerySingle<(long, long?)>("""
            SELECT count(*), min(je_id) FROM journal_entry_header
            WHERE batch_id = @batchId AND (je_id < @first OR je_id > @last)
            """, new { batchId = seal.BatchId, first = seal.Sequence.First, last = seal.Sequence.Last }, transaction);
        tally.Outside(outside, first);
        return tally.Complete();
    }

    /// <summary>The premiums the commit marked with the batch in a partition's id range, as the posting code reads them.</summary>
    public static IEnumerable<PremiumRecord> Premiums(SqliteConnection connection, string batchId, SealedPartition partition)
    {
        using var query = Posted(connection, $"SELECT {SourceRowReader.PremiumColumns} FROM premium_transaction", "txn_id", batchId, partition);
        var reader = new SourceRowReader();
        while (query.Read())
        {
            yield return reader.ReadPremium(query);
        }
    }

    public static IEnumerable<ClaimRecord> Claims(SqliteConnection connection, string batchId, SealedPartition partition)
    {
        using var query = Posted(connection, $"SELECT {SourceRowReader.ClaimColumns} FROM claims_transaction", "claim_id", batchId, partition);
        var reader = new SourceRowReader();
        while (query.Read())
        {
            yield return reader.ReadClaim(query);
        }
    }

    private static RawStatement InRange(SqliteConnection connection, string select, LedgerSeal seal) =>
        new RawStatement(connection, $"{select} WHERE je_id BETWEEN @first AND @last ORDER BY je_id")
            .Bind("@first", seal.Sequence.First).Bind("@last", seal.Sequence.Last);

    private static RawStatement Posted(SqliteConnection connection, string select, string id, string batchId, SealedPartition partition) =>
        new RawStatement(connection, $"{select} WHERE batch_id = @batchId AND {id} BETWEEN @first AND @last ORDER BY {id}, rowid")
            .Bind("@batchId", batchId).Bind("@first", partition.FirstSourceId).Bind("@last", partition.LastSourceId);
}
