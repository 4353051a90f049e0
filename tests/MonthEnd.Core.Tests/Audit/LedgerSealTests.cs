using MonthEnd.Core.Audit;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Security;
using static MonthEnd.Core.Tests.Audit.SealTestData;

namespace MonthEnd.Core.Tests.Audit;

public class LedgerSealTests
{
    [Fact]
    public void a_committed_batch_is_sealed_with_each_partitions_range_counts_and_digest()
    {
        Seal.BatchId.ShouldBe("2025-01-MONTHEND");
        Seal.Sequence.ShouldBe(new SequenceRange(1_001, 1_007));
        (Seal.EntryCount, Seal.LineCount).ShouldBe((7, 14));
        Seal.Partitions.Select(p => (p.PartitionNo, p.Kind, p.Range, p.EntryCount, p.LineCount, p.Content)).ShouldBe(
        [
            (1, SourceKind.Premium, new SequenceRange(1_001, 1_006), 6L, (long?)12, Partitions[0].Content!.Value),
            (2, SourceKind.Claim, new SequenceRange(1_007, 1_007), 1L, (long?)2, Partitions[1].Content!.Value),
        ]);
        Seal.Content.ShouldBe(Partitions[0].Content!.Value.Add(Partitions[1].Content!.Value));
    }

    [Fact]
    public void the_seal_is_written_as_the_same_compact_json_every_time_and_read_back_whole()
    {
        var json = LedgerSealJson.Write(Seal);

        json.ShouldStartWith("""{"seal_version":1,"batch_id":"2025-01-MONTHEND","period":"2025-01","rule_set_id":1,"je_first":1001,"je_last":1007,"entries":7,"lines":14,"content":""");
        json.ShouldContain("""{"no":2,"kind":"CLAIM","source_first":10,"source_last":10,"source_position":0,"records":1,"je_first":1007,"je_last":1007,"entries":1,"lines":2,"content":""");
        var read = LedgerSealJson.Read(json);
        LedgerSealJson.Write(read).ShouldBe(json);
        read.Partitions.ShouldBe(Seal.Partitions);
        (read with { Partitions = Seal.Partitions }).ShouldBe(Seal);
    }

    [Fact]
    public void partitions_planned_before_line_counts_are_sealed_without_them()
    {
        var seal = LedgerSeal.Of(Batch, [.. Partitions.Select(p => p with { LineCount = null })]);

        var json = LedgerSealJson.Write(seal);

        json.ShouldContain("\"lines\":null");
        LedgerSealJson.Read(json).Partitions.ShouldAllBe(p => p.LineCount == null);
    }

    [Fact]
    public void only_a_committed_batch_whose_partitions_carry_digests_and_cover_its_range_is_sealed()
    {
        Should.Throw<InvalidOperationException>(() => LedgerSeal.Of(Batch with { Status = BatchStatus.Validating }, Partitions))
            .Message.ShouldContain("only a committed batch");
        Should.Throw<InvalidOperationException>(() => LedgerSeal.Of(Batch, [Partitions[0], Partitions[1] with { Content = null }]))
            .Message.ShouldContain("partition 2 of batch 2025-01-MONTHEND was planned without a content digest");
        Should.Throw<InvalidOperationException>(() => LedgerSeal.Of(Batch, [Partitions[0]]))
            .Message.ShouldContain("end at JE 1006");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("not json")]
    public void text_that_is_not_a_seal_is_refused(string json)
    {
        Should.Throw<FormatException>(() => LedgerSealJson.Read(json));
    }

    [Fact]
    public void a_seal_of_another_version_or_whose_total_disagrees_with_its_partitions_is_refused()
    {
        var json = LedgerSealJson.Write(Seal);

        Should.Throw<FormatException>(() => LedgerSealJson.Read(json.Replace("\"seal_version\":1", "\"seal_version\":2", StringComparison.Ordinal)))
            .Message.ShouldContain("seal version 2");
        Should.Throw<FormatException>(() => LedgerSealJson.Read(json.Replace($"\"content\":\"{Seal.Content}\"", $"\"content\":\"{new string('0', 32)}\"", StringComparison.Ordinal)))
            .Message.ShouldContain("not the sum of its partitions'");
    }

    [Fact]
    public void the_seal_becomes_a_batch_sealed_audit_row_of_the_caller()
    {
        var caller = new Caller("alice", [Role.BatchAdmin], "cli", "10.0.0.7", "monthend-cli/1.0");
        var at = new DateTimeOffset(2025, 2, 1, 9, 0, 0, TimeSpan.Zero);

        var draft = Seal.ToDraft(caller, at);

        draft.ShouldBe(new AuditDraft("2025-01-MONTHEND", "BATCH_SEALED", "alice", at, "10.0.0.7", "monthend-cli/1.0", LedgerSealJson.Write(Seal),
            AuditStatus.Success, null, null));
        AuditTestData.Chain.Link(null, draft).Draft.Details.ShouldBe(LedgerSealJson.Write(Seal));
    }
}
