using MonthEnd.Core.Accounting;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Reversal;
using MonthEnd.Core.Validation;
using Npgsql;

namespace MonthEnd.Postgres.Staging;

/// <summary>
/// Stages one chunk of a reversal's mirror entries the way a worker stages a chunk of a month-end
/// batch: the original's rows of a JE range read, their mirrors made by the reversal's rule
/// (<see cref="ReversalMirror"/>), written by binary COPY and sealed (<see cref="ChunkSeals"/>) by the
/// same transaction, with the hashes of the very rows sent. So the commit can trust staging as its
/// chunks sealed it, as a month-end commit does, instead of reading every staged row back and joining
/// it with its original. What was mirrored is proven too: the original rows read add up, per
/// partition, to the content digests sealed when the original batch committed.
/// </summary>
internal static class MirrorCopy
{
    private const short HeaderFields = 11;
    private const short LineFields = 7;

    private sealed record Header(long Je, DateOnly Date, string JeType, string ReferenceType, long ReferenceId, string Template, string? Description,
        Money Debit, Money Credit, bool OfBatch);

    private sealed record Line(long Je, short Number, string Account, Fund? Fund, Money Debit, Money Credit, string? Description);

    /// <summary>A chunk of the original: the JE range it covers and the partition it belongs to.</summary>
    public sealed record Chunk(int PartitionNo, SequenceRange Original, SequenceRange MirrorPartition, long FromRecord);

    /// <summary>
    /// The chunks of a partition's original JE range, in order: as many entries each as a chunk of
    /// the batch's source records makes (three per premium), one transaction and a few MB each.
    /// </summary>
    public static IEnumerable<Chunk> ChunksOf(int partitionNo, SequenceRange original, long offset, int chunkSize)
    {
        var entries = 3L * Math.Max(1, chunkSize);
        var mirror = new SequenceRange(original.First + offset, original.Last + offset);
        for (var first = original.First; first <= original.Last; first += entries)
        {
            yield return new Chunk(partitionNo, new SequenceRange(first, Math.Min(original.Last, first + entries - 1)), mirror, first - original.First);
        }
    }

    /// <summary>
    /// Stages the chunk in the caller's transaction with its seal; returns the content digest of the
    /// original rows it read (headers not of <paramref name="originalBatchId"/> count as unlike any).
    /// </summary>
    public static async Task<ContentDigest> StageAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ReversalBatch reversal, long batchKey, Chunk chunk, CancellationToken ct)
    {
        var headers = await ReadHeadersAsync(connection, reversal.ReversesBatchId, chunk.Original, ct);
        var lines = await ReadLinesAsync(connection, chunk.Original, ct);
        var original = ContentDigest.Empty;
        var stagedHeaders = new List<StagedHeaderRow>(headers.Count);
        var stagedLines = new List<StagedLineRow>(lines.Count);
        var offset = reversal.Offset;
        var date = reversal.Date;
        await using (var copy = await BinaryCopyWriter.BeginAsync(connection,
                         $"COPY {StagingTables.Header(batchKey)} (je_id, je_number, je_date, je_type, reference_type, reference_id, description, " +
                         "total_debit, total_credit, template_code, reverses_je_id) FROM STDIN (FORMAT BINARY)", ct))
        {
            // An original header's texts repeat with its template; a mirror's description names its entry, so its texts are its own.
            var texts = new Dictionary<(string, string, string, string?), RowTexts>();
            foreach (var h in headers)
            {
                if (!texts.TryGetValue((h.JeType, h.ReferenceType, h.Template, h.Description), out var text))
                {
                    text = EntryContent.HeaderTexts(h.JeType, h.ReferenceType, h.Template, h.Description);
                    texts[(h.JeType, h.ReferenceType, h.Template, h.Description)] = text;
                }

                var content = EntryContent.Header(text, h.Je, h.Date, h.ReferenceId, h.Debit, h.Credit);
                original = original.Add(h.OfBatch ? content : EntryContent.Unlike(content));
                var mirror = (Je: h.Je + offset, Description: ReversalMirror.Description(h.Je, h.Description), Debit: h.Credit, Credit: h.Debit);
                WriteHeader(copy, h, mirror.Je, date, mirror.Description, mirror.Debit, mirror.Credit);
                await copy.EndRowAsync(ct);
                var kind = h.ReferenceType == SourceKind.Claim.Code() ? SourceKind.Claim : SourceKind.Premium;
                stagedHeaders.Add(new StagedHeaderRow(mirror.Je, kind, mirror.Debit, mirror.Credit,
                    EntryContent.Header(mirror.Je, date, h.JeType, h.ReferenceType, h.ReferenceId, h.Template, mirror.Description, mirror.Debit, mirror.Credit)));
            }

            await copy.CompleteAsync(ct);
        }

        await using (var copy = await BinaryCopyWriter.BeginAsync(connection,
                         $"COPY {StagingTables.Line(batchKey)} (je_id, line_number, account_code, fund_type, debit_amount, credit_amount, description) " +
                         "FROM STDIN (FORMAT BINARY)", ct))
        {
            var texts = new Dictionary<(string, Fund?, string?), RowTexts>();
            foreach (var l in lines)
            {
                if (!texts.TryGetValue((l.Account, l.Fund, l.Description), out var text))
                {
                    text = EntryContent.LineTexts(l.Account, l.Fund, l.Description);
                    texts[(l.Account, l.Fund, l.Description)] = text;
                }

                original = original.Add(EntryContent.Line(text, l.Je, l.Number, l.Debit, l.Credit));
                var je = l.Je + offset;
                WriteLine(copy, l, je);
                await copy.EndRowAsync(ct);
                stagedLines.Add(new StagedLineRow(je, l.Number, l.Fund, l.Credit, l.Debit, EntryContent.Line(text, je, l.Number, l.Credit, l.Debit)));
            }

            await copy.CompleteAsync(ct);
        }

        var seal = new StagingTally([new PartitionDigestRange(chunk.PartitionNo, chunk.MirrorPartition)]);
        seal.AddPartition(chunk.MirrorPartition, stagedHeaders, stagedLines);
        await ChunkSeals.WriteAsync(connection, transaction, reversal.BatchId, chunk.PartitionNo, chunk.FromRecord, seal.Complete());
        return original;
    }

    private static void WriteHeader(BinaryCopyWriter row, Header original, long je, DateOnly date, string description, Money debit, Money credit)
    {
        row.StartRow(HeaderFields);
        row.WriteBigint(je);
        row.WriteBigint(je);
        row.WriteDate(date);
        row.WriteText(original.JeType);
        row.WriteText(original.ReferenceType);
        row.WriteBigint(original.ReferenceId);
        row.WriteText(description);
        row.WriteNumeric(debit);
        row.WriteNumeric(credit);
        row.WriteText(original.Template);
        row.WriteBigint(original.Je);
    }

    /// <summary>The mirror of an original line: its entry's new number, debit and credit swapped, the rest as it was.</summary>
    private static void WriteLine(BinaryCopyWriter row, Line original, long je)
    {
        row.StartRow(LineFields);
        row.WriteBigint(je);
        row.WriteSmallint(original.Number);
        row.WriteText(original.Account);
        row.WriteText(original.Fund?.Code());
        row.WriteNumeric(original.Credit);
        row.WriteNumeric(original.Debit);
        row.WriteText(original.Description);
    }

    private static async Task<List<Header>> ReadHeadersAsync(NpgsqlConnection connection, string originalBatchId, SequenceRange range, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT je_id, je_date, je_type, reference_type, reference_id, template_code, description, total_debit, total_credit,
                   batch_id IS NOT DISTINCT FROM @batchId AND je_number = je_id
            FROM journal_entry_header WHERE je_id BETWEEN @first AND @last ORDER BY je_id
            """, connection);
        command.Parameters.AddWithValue("batchId", originalBatchId);
        StagingMeasure.InRange(command, range);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<Header>((int)range.Count);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new Header(reader.GetInt64(0), reader.GetFieldValue<DateOnly>(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
                reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), Money.FromDecimal(reader.GetDecimal(7)),
                Money.FromDecimal(reader.GetDecimal(8)), reader.GetBoolean(9)));
        }

        return rows;
    }

    private static async Task<List<Line>> ReadLinesAsync(NpgsqlConnection connection, SequenceRange range, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT je_id, line_number, account_code, fund_type, debit_amount, credit_amount, description
            FROM journal_entry_line WHERE je_id BETWEEN @first AND @last ORDER BY je_id, line_number
            """, connection);
        StagingMeasure.InRange(command, range);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<Line>(2 * (int)range.Count);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new Line(reader.GetInt64(0), reader.GetInt16(1), reader.GetString(2), reader.IsDBNull(3) ? null : Funds.Parse(reader.GetString(3)),
                Money.FromDecimal(reader.GetDecimal(4)), Money.FromDecimal(reader.GetDecimal(5)), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return rows;
    }
}
