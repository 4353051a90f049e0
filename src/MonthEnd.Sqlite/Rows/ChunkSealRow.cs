using System.Globalization;
using System.Text.Json;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Validation;

namespace MonthEnd.Sqlite.Rows;

/// <summary>A row of staging_chunk_seal (staging file): one chunk's <see cref="StagingFacts"/>, 128-bit sums as text.</summary>
internal sealed class ChunkSealRow
{
    public const string Columns = """
        partition_no, from_record, header_count, premium_header_count, claim_header_count, min_je_id, max_je_id, out_of_range_entries,
        duplicate_entries, line_count, unbalanced_entries, header_line_mismatches, orphan_lines, malformed_lines, sample_bad_entries,
        total_debit, total_credit, premium_entries_debit, claim_entries_debit, tabarru_net, tanahud_net, ujroh_net, content_digest
        """;

    public const string Insert = $"""
        INSERT INTO {SqliteDatabase.StagingSchema}.staging_chunk_seal ({Columns})
        VALUES (@partitionNo, @fromRecord, @HeaderCount, @PremiumHeaderCount, @ClaimHeaderCount, @MinJeNumber, @MaxJeNumber, @OutOfRangeEntries,
                @DuplicateEntries, @LineCount, @UnbalancedEntries, @HeaderLineMismatches, @OrphanLines, @MalformedLines, @samples,
                @debit, @credit, @premiumDebit, @claimDebit, @tabarru, @tanahud, @ujroh, @content)
        """;

    public long partition_no { get; set; }
    public long from_record { get; set; }
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
    public string sample_bad_entries { get; set; } = "[]";
    public string total_debit { get; set; } = "0";
    public string total_credit { get; set; } = "0";
    public string premium_entries_debit { get; set; } = "0";
    public string claim_entries_debit { get; set; } = "0";
    public string tabarru_net { get; set; } = "0";
    public string tanahud_net { get; set; } = "0";
    public string ujroh_net { get; set; } = "0";
    public string content_digest { get; set; } = "";

    public StagingFacts ToFacts() => new()
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
        SampleBadEntries = JsonSerializer.Deserialize<long[]>(sample_bad_entries) ?? [],
        TotalDebit = Sen(total_debit),
        TotalCredit = Sen(total_credit),
        PremiumEntriesDebit = Sen(premium_entries_debit),
        ClaimEntriesDebit = Sen(claim_entries_debit),
        FundNetChange = FundAmounts.Of(Sen(tabarru_net), Sen(tanahud_net), Sen(ujroh_net)),
        ContentDigests = new Dictionary<int, ContentDigest> { [checked((int)partition_no)] = ContentDigest.Parse(content_digest) },
    };

    public static object InsertArgs(int partitionNo, long fromRecord, StagingFacts f) => new
    {
        partitionNo, fromRecord, f.HeaderCount, f.PremiumHeaderCount, f.ClaimHeaderCount, f.MinJeNumber, f.MaxJeNumber,
        f.OutOfRangeEntries, f.DuplicateEntries, f.LineCount, f.UnbalancedEntries, f.HeaderLineMismatches, f.OrphanLines, f.MalformedLines,
        samples = JsonSerializer.Serialize(f.SampleBadEntries), debit = Text(f.TotalDebit), credit = Text(f.TotalCredit),
        premiumDebit = Text(f.PremiumEntriesDebit), claimDebit = Text(f.ClaimEntriesDebit),
        tabarru = Text(f.FundNetChange[Fund.Tabarru]), tanahud = Text(f.FundNetChange[Fund.Tanahud]), ujroh = Text(f.FundNetChange[Fund.Ujroh]),
        // All the chunk's rows add up to one digest under its partition: a row numbered outside the
        // partition's range still counts there, where the plan does not expect it.
        content = f.ContentDigests.Values.Aggregate(ContentDigest.Empty, (sum, d) => sum.Add(d)).ToString(),
    };

    private static string Text(MoneyTotal total) => total.MinorUnits.ToString(CultureInfo.InvariantCulture);

    private static MoneyTotal Sen(string text) => new(Int128.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
}
