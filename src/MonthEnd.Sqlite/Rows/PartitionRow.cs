using MonthEnd.Core.Batches;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Posting;

namespace MonthEnd.Sqlite.Rows;

/// <summary>A staging_worker_partition row as Dapper reads it.</summary>
internal sealed class PartitionRow
{
    public const string Columns = """
        batch_id, partition_no, source_type, first_source_id, last_source_id, first_position, record_count, sequence_start,
        sequence_end, status, records_processed, last_source_id_processed, lease_owner, lease_token, lease_expires_at_ms,
        heartbeat_at_ms, attempts, error
        """;

    public string batch_id { get; set; } = "";
    public long partition_no { get; set; }
    public string source_type { get; set; } = "";
    public long first_source_id { get; set; }
    public long last_source_id { get; set; }
    public long first_position { get; set; }
    public long record_count { get; set; }
    public long sequence_start { get; set; }
    public long sequence_end { get; set; }
    public string status { get; set; } = "";
    public long records_processed { get; set; }
    public long? last_source_id_processed { get; set; }
    public string? lease_owner { get; set; }
    public string? lease_token { get; set; }
    public long? lease_expires_at_ms { get; set; }
    public long? heartbeat_at_ms { get; set; }
    public long attempts { get; set; }
    public string? error { get; set; }

    public PartitionRecord ToRecord() => new(
        batch_id, (int)partition_no, SourceKinds.Parse(source_type), first_source_id, last_source_id, first_position, record_count,
        new SequenceRange(sequence_start, sequence_end), PartitionStatuses.Parse(status), records_processed, last_source_id_processed,
        lease_owner, Ms(lease_expires_at_ms), Ms(heartbeat_at_ms), (int)attempts, error);

    private static DateTimeOffset? Ms(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
