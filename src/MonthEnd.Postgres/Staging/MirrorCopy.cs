using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
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
    private const int OriginalHeaderFields = 10;

    // The chunk's range and the original batch, set in its transaction: COPY takes no parameters.
    private const string FirstSetting = "monthend.reversal_first";
    private const string LastSetting = "monthend.reversal_last";
    private const string BatchSetting = "monthend.reversal_original";

    private const string InChunk = $"je_id BETWEEN current_setting('{FirstSetting}')::bigint AND current_setting('{LastSetting}')::bigint";

    // The original batch's id in a sub-select: read once per chunk, not once per row.
    private const string OriginalHeaders = $"""
        COPY (SELECT je_id, je_date, je_type, reference_type, reference_id, template_code, description, total_debit, total_credit,
                     batch_id IS NOT DISTINCT FROM (SELECT current_setting('{BatchSetting}')) AND je_number = je_id
              FROM journal_entry_header WHERE {InChunk} ORDER BY je_id) TO STDOUT (FORMAT BINARY)
        """;

    private const string OriginalLines = $"""
        COPY (SELECT je_id, line_number, account_code, fund_type, debit_amount, credit_amount, description
              FROM journal_entry_line WHERE {InChunk} ORDER BY je_id, line_number) TO STDOUT (FORMAT BINARY)
        """;

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
    /// original rows it read (headers not of <paramref name="reversal"/>'s original batch count as unlike any).
    /// </summary>
    public static async Task<ContentDigest> StageAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ReversalBatch reversal, long batchKey, Chunk chunk, MirrorCopyClock clock,
        CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        // The range is a setting, so the planner cannot see how many rows it holds and guesses a few: it
        // then picks a bitmap scan and sorts its rows. The primary key's index gives them in order at
        // once (about half the server's time for a chunk read from the page cache), so the chunk's
        // transaction reads by index only.
        await connection.ExecuteAsync(
            $"SELECT set_config('{FirstSetting}', @first, true), set_config('{LastSetting}', @last, true), set_config('{BatchSetting}', @batchId, true), " +
            "set_config('enable_bitmapscan', 'off', true), set_config('enable_sort', 'off', true)",
            new
            {
                first = chunk.Original.First.ToString(CultureInfo.InvariantCulture), last = chunk.Original.Last.ToString(CultureInfo.InvariantCulture),
                batchId = reversal.ReversesBatchId,
            }, transaction);
        using var headers = await BinaryCopyReader.ReadAsync(connection, OriginalHeaders, (int)chunk.Original.Count * 192, ct);
        started = Lap(clock, MirrorCopyClock.Phase.ReadHeaders, started);
        using var lines = await BinaryCopyReader.ReadAsync(connection, OriginalLines, (int)chunk.Original.Count * 2 * 128, ct);
        started = Lap(clock, MirrorCopyClock.Phase.ReadLines, started);
        var mirror = new Mirror(reversal.Offset, reversal.Date, (int)chunk.Original.Count);
        await using (var copy = await BinaryCopyWriter.BeginAsync(connection,
                         $"COPY {StagingTables.Header(batchKey)} (je_id, je_number, je_date, je_type, reference_type, reference_id, description, " +
                         "total_debit, total_credit, template_code, reverses_je_id) FROM STDIN (FORMAT BINARY)", ct))
        {
            var fields = new CopyField[OriginalHeaderFields];
            while (headers.NextRow(fields))
            {
                mirror.Header(headers, fields, copy);
                await copy.EndRowAsync(ct);
            }

            await copy.CompleteAsync(ct);
        }

        started = Lap(clock, MirrorCopyClock.Phase.CopyHeaders, started);
        await using (var copy = await BinaryCopyWriter.BeginAsync(connection,
                         $"COPY {StagingTables.Line(batchKey)} (je_id, line_number, account_code, fund_type, debit_amount, credit_amount, description) " +
                         "FROM STDIN (FORMAT BINARY)", ct))
        {
            var fields = new CopyField[LineFields];
            while (lines.NextRow(fields))
            {
                mirror.Line(lines, fields, copy);
                await copy.EndRowAsync(ct);
            }

            await copy.CompleteAsync(ct);
        }

        started = Lap(clock, MirrorCopyClock.Phase.CopyLines, started);
        var seal = new StagingTally([new PartitionDigestRange(chunk.PartitionNo, chunk.MirrorPartition)]);
        seal.AddPartition(chunk.MirrorPartition, mirror.StagedHeaders, mirror.StagedLines);
        await ChunkSeals.WriteAsync(connection, transaction, reversal.BatchId, chunk.PartitionNo, chunk.FromRecord, seal.Complete());
        Lap(clock, MirrorCopyClock.Phase.Seal, started);
        return mirror.Original;
    }

    private static long Lap(MirrorCopyClock clock, MirrorCopyClock.Phase phase, long started)
    {
        var now = Stopwatch.GetTimestamp();
        clock.Add(phase, now - started);
        return now;
    }

    /// <summary>
    /// A chunk's mirrors made row by row from the original's bytes: what a mirror keeps of its original
    /// (types, reference, template, amounts, account, fund, line descriptions) is passed on as the
    /// server sent it; the JE number, the date, the description and the link are its own, and debit
    /// and credit change places. Each original row and each mirror is hashed on the way.
    /// </summary>
    private sealed class Mirror(long offset, DateOnly date, int entries)
    {
        private static readonly byte[] ClaimCode = Encoding.UTF8.GetBytes(SourceKind.Claim.Code());
        private static readonly byte[][] FundCodes = [.. Funds.All.Select(f => Encoding.UTF8.GetBytes(f.Code()))];
        private byte[] _description = new byte[256];

        public ContentDigest Original { get; private set; } = ContentDigest.Empty;

        public List<StagedHeaderRow> StagedHeaders { get; } = new(entries);

        public List<StagedLineRow> StagedLines { get; } = new(2 * entries);

        /// <summary>The header row: je_id, je_date, je_type, reference_type, reference_id, template_code, description, total_debit, total_credit, of the batch.</summary>
        public void Header(BinaryCopyReader rows, CopyField[] f, BinaryCopyWriter copy)
        {
            var je = rows.Int64(f[0]);
            var jeType = rows.Bytes(f[2]);
            var referenceType = rows.Bytes(f[3]);
            var template = rows.Bytes(f[5]);
            var description = rows.Bytes(f[6]);
            var referenceId = rows.Int64(f[4]);
            var (debit, credit) = (rows.Amount(f[7]), rows.Amount(f[8]));
            var content = EntryContent.Header(je, rows.Date(f[1]), jeType, referenceType, referenceId, template, description, f[6].IsNull, debit, credit);
            Original = Original.Add(rows.Boolean(f[9]) ? content : EntryContent.Unlike(content));
            var mirrorJe = je + offset;
            var mirrorDescription = Description(je, description, f[6].IsNull);
            copy.StartRow(HeaderFields);
            copy.WriteBigint(mirrorJe);
            copy.WriteBigint(mirrorJe);
            copy.WriteDate(date);
            copy.WriteField(rows.Raw(f[2]));
            copy.WriteField(rows.Raw(f[3]));
            copy.WriteField(rows.Raw(f[4]));
            copy.WriteUtf8(mirrorDescription);
            copy.WriteField(rows.Raw(f[8]));
            copy.WriteField(rows.Raw(f[7]));
            copy.WriteField(rows.Raw(f[5]));
            copy.WriteBigint(je);
            var kind = referenceType.SequenceEqual(ClaimCode) ? SourceKind.Claim : SourceKind.Premium;
            StagedHeaders.Add(new StagedHeaderRow(mirrorJe, kind, credit, debit,
                EntryContent.Header(mirrorJe, date, jeType, referenceType, referenceId, template, mirrorDescription, false, credit, debit)));
        }

        /// <summary>The line row: je_id, line_number, account_code, fund_type, debit_amount, credit_amount, description.</summary>
        public void Line(BinaryCopyReader rows, CopyField[] f, BinaryCopyWriter copy)
        {
            var je = rows.Int64(f[0]);
            var number = rows.Int16(f[1]);
            var account = rows.Bytes(f[2]);
            var description = rows.Bytes(f[6]);
            var fund = FundOf(rows.Bytes(f[3]), f[3].IsNull);
            var (debit, credit) = (rows.Amount(f[4]), rows.Amount(f[5]));
            Original = Original.Add(EntryContent.Line(je, number, account, fund, debit, credit, description, f[6].IsNull));
            var mirrorJe = je + offset;
            copy.StartRow(LineFields);
            copy.WriteBigint(mirrorJe);
            copy.WriteField(rows.Raw(f[1]));
            copy.WriteField(rows.Raw(f[2]));
            copy.WriteField(rows.Raw(f[3]));
            copy.WriteField(rows.Raw(f[5]));
            copy.WriteField(rows.Raw(f[4]));
            copy.WriteField(rows.Raw(f[6]));
            StagedLines.Add(new StagedLineRow(mirrorJe, number, fund, credit, debit,
                EntryContent.Line(mirrorJe, number, account, fund, credit, debit, description, f[6].IsNull)));
        }

        /// <summary><see cref="ReversalMirror.Description"/> in UTF-8 bytes, without a string: "Reversal of JE n" and ": " with the original's, if any.</summary>
        private ReadOnlySpan<byte> Description(long originalJe, ReadOnlySpan<byte> original, bool isNull)
        {
            var needed = DescriptionPrefix.Length + 20 + 2 + original.Length;
            if (_description.Length < needed)
            {
                _description = new byte[needed];
            }

            var span = _description.AsSpan();
            DescriptionPrefix.CopyTo(span);
            var length = DescriptionPrefix.Length;
            originalJe.TryFormat(span[length..], out var digits, provider: CultureInfo.InvariantCulture);
            length += digits;
            if (!isNull)
            {
                ": "u8.CopyTo(span[length..]);
                original.CopyTo(span[(length + 2)..]);
                length += 2 + original.Length;
            }

            return span[..length];
        }

        private static ReadOnlySpan<byte> DescriptionPrefix => "Reversal of JE "u8;

        private static Fund? FundOf(ReadOnlySpan<byte> code, bool isNull)
        {
            if (isNull)
            {
                return null;
            }

            for (var i = 0; i < FundCodes.Length; i++)
            {
                if (code.SequenceEqual(FundCodes[i]))
                {
                    return Funds.All[i];
                }
            }

            return Funds.Parse(Encoding.UTF8.GetString(code)); // refuses it, as the ledger's CHECK would have
        }
    }
}
