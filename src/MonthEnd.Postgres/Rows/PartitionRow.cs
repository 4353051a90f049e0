using MonthEnd.Core.Batches;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Validation;

namespace MonthEnd.Postgres.Rows;

/// <summary>A staging_worker_partition row as Dapper reads it.</summary>
internal sealed class PartitionRow
{
    public const string Columns = """
        batch_id, partition_no, source_type, first_source_id, last_source_id, first_position, record_count, sequence_start,
        sequence_end, status, records_processed, last_source_id_processed, lease_owner, lease_token, lease_expires_at,
        heartbeat_at, attempts, error, content_digest, line_count
        """;

    public string batch_id { get; set; } = "";
    public int partition_no { get; set; }
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
    public DateTime? lease_expires_at { get; set; }
    public DateTime? heartbeat_at { get; set; }
    public int attempts { get; set; }
    public string? error { get; set; }
    public string? content_digest { get; set; }
    public long? line_count { get; set; }

    public PartitionRecord ToRecord() => new(
        batch_id, partition_no, SourceKinds.Parse(source_type), first_source_id, last_source_id, first_position, record_count,
        new SequenceRange(sequence_start, sequence_end), PartitionStatuses.Parse(status), records_processed, last_source_id_processed,
        lease_owner, MasterRow.Utc(lease_expires_at), MasterRow.Utc(heartbeat_at), attempts, error, ContentDigest.ParseOrNull(content_digest), line_count);
}
