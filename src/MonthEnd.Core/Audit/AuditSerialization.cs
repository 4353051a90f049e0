using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace MonthEnd.Core.Audit;

/// <summary>
/// The canonical bytes of one audit row, the input of its MAC. Version 1: a domain tag, the version,
/// then every field in the table's order, each in one fixed encoding so that no two different rows
/// share bytes: integers as 8 bytes big-endian, performed_at as microseconds since 1970-01-01 UTC
/// (what PostgreSQL's timestamptz keeps), texts as a 4-byte length then their UTF-8 bytes (length −1
/// for NULL, so NULL and '' differ), status as its code. The JSON texts are taken as stored, byte for
/// byte: nothing is re-serialized, so a store must keep them as text (jsonb would reorder keys).
/// A later version may add fields; rows keep the version they were written with.
/// </summary>
public static class AuditSerialization
{
    public const int Version1 = 1;

    private static ReadOnlySpan<byte> Domain => "monthend.audit_batch_operations\0"u8;

    public static bool Knows(int version) => version == Version1;

    /// <summary>The row's bytes; <paramref name="draft"/> must already be canonical (<see cref="AuditChain.Canonical"/>).</summary>
    public static byte[] Serialize(int version, long auditId, AuditDraft draft)
    {
        if (!Knows(version))
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "unknown audit chain version");
        }

        var w = new ArrayBufferWriter<byte>(256);
        w.Write(Domain);
        Int32(w, version);
        Int64(w, auditId);
        Text(w, draft.BatchId);
        Text(w, draft.Operation);
        Text(w, draft.PerformedBy);
        Int64(w, Microseconds(draft.PerformedAt));
        Text(w, draft.IpAddress);
        Text(w, draft.UserAgent);
        Text(w, draft.Details);
        Text(w, draft.Status.Code());
        Text(w, draft.BeforeState);
        Text(w, draft.AfterState);
        return w.WrittenSpan.ToArray();
    }

    /// <summary>Microseconds since the Unix epoch; a time finer than that is not canonical and is refused rather than rounded.</summary>
    public static long Microseconds(DateTimeOffset at)
    {
        var ticks = at.UtcTicks - DateTime.UnixEpoch.Ticks;
        if (ticks % 10 != 0)
        {
            throw new ArgumentException($"performed_at {at:O} is finer than a microsecond: make the draft canonical first");
        }

        return ticks / 10;
    }

    private static void Int32(ArrayBufferWriter<byte> w, int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(w.GetSpan(sizeof(int)), value);
        w.Advance(sizeof(int));
    }

    private static void Int64(ArrayBufferWriter<byte> w, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(w.GetSpan(sizeof(long)), value);
        w.Advance(sizeof(long));
    }

    private static void Text(ArrayBufferWriter<byte> w, string? text)
    {
        if (text is null)
        {
            Int32(w, -1);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(text);
        Int32(w, length);
        w.Advance(Encoding.UTF8.GetBytes(text, w.GetSpan(length)));
    }
}
