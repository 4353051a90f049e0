using System.Buffers;
using System.Text;
using System.Text.Json;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Audit;

/// <summary>
/// A seal as the operation_details of its audit row: compact JSON, properties always in this order
/// and numbers as integers, so a seal is written to the same text every time (version 1):
/// <c>{"seal_version":1,"batch_id":…,"period":"2025-01","rule_set_id":…,"je_first":…,"je_last":…,
/// "entries":…,"lines":…,"content":"32 hex digits","partitions":[{"no":…,"kind":"PREMIUM",
/// "source_first":…,"source_last":…,"source_position":…,"records":…,"je_first":…,"je_last":…,
/// "entries":…,"lines":…|null,"content":…},…]}</c>.
/// </summary>
public static class LedgerSealJson
{
    public static string Write(LedgerSeal seal)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("seal_version", LedgerSeal.Version);
            w.WriteString("batch_id", seal.BatchId);
            w.WriteString("period", seal.Period.ToString());
            w.WriteNumber("rule_set_id", seal.RuleSetId);
            w.WriteNumber("je_first", seal.Sequence.First);
            w.WriteNumber("je_last", seal.Sequence.Last);
            w.WriteNumber("entries", seal.EntryCount);
            w.WriteNumber("lines", seal.LineCount);
            w.WriteString("content", seal.Content.ToString());
            w.WriteStartArray("partitions");
            foreach (var p in seal.Partitions)
            {
                Partition(w, p);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads a seal back; text that is not a version-1 seal, or whose parts disagree, is refused with <see cref="FormatException"/>.</summary>
    public static LedgerSeal Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.GetProperty("seal_version").GetInt32() != LedgerSeal.Version)
            {
                throw new FormatException($"seal version {root.GetProperty("seal_version")} is not one this version of the product reads");
            }

            var seal = new LedgerSeal(
                root.GetProperty("batch_id").GetString()!, Period.Parse(root.GetProperty("period").GetString()), root.GetProperty("rule_set_id").GetInt64(),
                Range(root), root.GetProperty("entries").GetInt64(), root.GetProperty("lines").GetInt64(),
                [.. root.GetProperty("partitions").EnumerateArray().Select(Partition)]);
            if (seal.Content != ContentDigest.Parse(root.GetProperty("content").GetString()!))
            {
                throw new FormatException("the seal's content is not the sum of its partitions'");
            }

            return seal;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"not a ledger seal: {e.Message}", e);
        }
    }

    private static void Partition(Utf8JsonWriter w, SealedPartition p)
    {
        w.WriteStartObject();
        w.WriteNumber("no", p.PartitionNo);
        w.WriteString("kind", p.Kind.Code());
        w.WriteNumber("source_first", p.FirstSourceId);
        w.WriteNumber("source_last", p.LastSourceId);
        w.WriteNumber("source_position", p.FirstPosition);
        w.WriteNumber("records", p.RecordCount);
        w.WriteNumber("je_first", p.Range.First);
        w.WriteNumber("je_last", p.Range.Last);
        w.WriteNumber("entries", p.EntryCount);
        if (p.LineCount is { } lines)
        {
            w.WriteNumber("lines", lines);
        }
        else
        {
            w.WriteNull("lines");
        }

        w.WriteString("content", p.Content.ToString());
        w.WriteEndObject();
    }

    private static SealedPartition Partition(JsonElement e)
    {
        var lines = e.GetProperty("lines");
        var partition = new SealedPartition(
            e.GetProperty("no").GetInt32(), SourceKinds.Parse(e.GetProperty("kind").GetString()!), e.GetProperty("source_first").GetInt64(),
            e.GetProperty("source_last").GetInt64(), e.GetProperty("source_position").GetInt64(), e.GetProperty("records").GetInt64(), Range(e),
            lines.ValueKind == JsonValueKind.Null ? null : lines.GetInt64(), ContentDigest.Parse(e.GetProperty("content").GetString()!));
        return partition.EntryCount == e.GetProperty("entries").GetInt64()
            ? partition
            : throw new FormatException($"{partition}: its entry count is not its range's");
    }

    private static SequenceRange Range(JsonElement e) => new(e.GetProperty("je_first").GetInt64(), e.GetProperty("je_last").GetInt64());
}
