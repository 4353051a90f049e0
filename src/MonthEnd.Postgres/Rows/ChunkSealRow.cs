using MonthEnd.Core.Accounting;
using MonthEnd.Core.Validation;

namespace MonthEnd.Postgres.Rows;

/// <summary>A staging_chunk_seal row as Dapper reads it, with its transaction id as a 32-bit xid (as xmin shows it).</summary>
internal sealed class ChunkSealRow
{
    public const string Columns = """
        partition_no, from_record, chunk_xid::xid::text::bigint AS transaction_id, header_count, premium_header_count, claim_header_count,
        min_je_id, max_je_id, out_of_range_entries, duplicate_entries, line_count, unbalanced_entries, header_line_mismatches, orphan_lines,
        malformed_lines, sample_bad_entries, total_debit, total_credit, premium_entries_debit, claim_entries_debit, tabarru_net, tanahud_net,
        ujroh_net, content_digest
        """;

    public int partition_no { get; set; }
    public long from_record { get; set; }
    public long transaction_id { get; set; }
    public long header_count { get; set; }
    public long premium_header_count { get; set; }
    public long claim_header_count { get; set; }
    public long? min_je_id { get; set; }
    public long? max_je_id { get; set; }
    public long out_of_range_entries { get; set; }
    public long duplicate_entries { get; set; }
    public long line_count { get; set; }
    public long unbalanced_entries { get; set; }
    public long header_line_mismatches { get; set; }
    public long orphan_lines { get; set; }
    public long malformed_lines { get; set; }
    public long[] sample_bad_entries { get; set; } = [];
    public decimal total_debit { get; set; }
    public decimal total_credit { get; set; }
    public decimal premium_entries_debit { get; set; }
    public decimal claim_entries_debit { get; set; }
    public decimal tabarru_net { get; set; }
    public decimal tanahud_net { get; set; }
    public decimal ujroh_net { get; set; }
    public string? content_digest { get; set; }

    public ChunkSeal ToSeal() => new(partition_no, from_record, transaction_id, new StagingFacts
    {
        HeaderCount = header_count,
        PremiumHeaderCount = premium_header_count,
        ClaimHeaderCount = claim_header_count,
        MinJeNumber = min_je_id,
        MaxJeNumber = max_je_id,
        OutOfRangeEntries = out_of_range_entries,
        DuplicateEntries = duplicate_entries,
        LineCount = line_count,
        UnbalancedEntries = unbalanced_entries,
        HeaderLineMismatches = header_line_mismatches,
        OrphanLines = orphan_lines,
        MalformedLines = malformed_lines,
        SampleBadEntries = sample_bad_entries,
        TotalDebit = Money.FromDecimal(total_debit),
        TotalCredit = Money.FromDecimal(total_credit),
        PremiumEntriesDebit = Money.FromDecimal(premium_entries_debit),
        ClaimEntriesDebit = Money.FromDecimal(claim_entries_debit),
        FundNetChange = FundAmounts.Of(Money.FromDecimal(tabarru_net), Money.FromDecimal(tanahud_net), Money.FromDecimal(ujroh_net)),
        ContentDigests = content_digest is null
            ? new Dictionary<int, ContentDigest>()
            : new Dictionary<int, ContentDigest> { [partition_no] = ContentDigest.Parse(content_digest) },
    });

    /// <summary>
    /// All the chunk's rows add up to one digest under its partition: a row a worker numbered outside
    /// the partition's range still counts there, where the plan does not expect it.
    /// </summary>
    private static string ChunkContent(StagingFacts f) =>
        f.ContentDigests.Values.Aggregate(ContentDigest.Empty, (sum, d) => sum.Add(d)).ToString();

    /// <summary>The INSERT of a chunk's seal, by the transaction that staged the chunk (its id from pg_current_xact_id()).</summary>
    public const string Insert = """
        INSERT INTO staging_chunk_seal (
            batch_id, partition_no, from_record, chunk_xid, header_count, premium_header_count, claim_header_count, min_je_id, max_je_id,
            out_of_range_entries, duplicate_entries, line_count, unbalanced_entries, header_line_mismatches, orphan_lines, malformed_lines,
            sample_bad_entries, total_debit, total_credit, premium_entries_debit, claim_entries_debit, tabarru_net, tanahud_net, ujroh_net,
            content_digest)
        VALUES (
            @batchId, @partitionNo, @fromRecord, pg_current_xact_id(), @HeaderCount, @PremiumHeaderCount, @ClaimHeaderCount, @MinJeNumber,
            @MaxJeNumber, @OutOfRangeEntries, @DuplicateEntries, @LineCount, @UnbalancedEntries, @HeaderLineMismatches, @OrphanLines,
            @MalformedLines, @samples, @debit, @credit, @premiumDebit, @claimDebit, @tabarru, @tanahud, @ujroh, @content)
        """;

    public static object InsertArgs(string batchId, int partitionNo, long fromRecord, StagingFacts f) => new
    {
        batchId, partitionNo, fromRecord, f.HeaderCount, f.PremiumHeaderCount, f.ClaimHeaderCount, f.MinJeNumber, f.MaxJeNumber,
        f.OutOfRangeEntries, f.DuplicateEntries, f.LineCount, f.UnbalancedEntries, f.HeaderLineMismatches, f.OrphanLines, f.MalformedLines,
        samples = f.SampleBadEntries.ToArray(), debit = f.TotalDebit.ToDecimal(), credit = f.TotalCredit.ToDecimal(),
        premiumDebit = f.PremiumEntriesDebit.ToDecimal(), claimDebit = f.ClaimEntriesDebit.ToDecimal(),
        tabarru = f.FundNetChange[Fund.Tabarru].ToDecimal(), tanahud = f.FundNetChange[Fund.Tanahud].ToDecimal(),
        ujroh = f.FundNetChange[Fund.Ujroh].ToDecimal(), content = ChunkContent(f),
    };
}
