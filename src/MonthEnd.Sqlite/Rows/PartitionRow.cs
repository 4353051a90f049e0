using MonthEnd.Core.Batches;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Validation;

namespace MonthEnd.Sqlite.Rows;

/// <summary>A staging_worker_partition row as Dapper reads it.</summary>
internal sealed class PartitionRow
{
    private const string Plain = """
        p.batch_id, p.partition_no, p.source_type, p.first_source_id, p.last_source_id, p.first_position, p.record_count,
        p.sequence_start, p.sequence_end, p.status, p.lease_owner, p.lease_token, p.lease_expires_at_ms, p.heartbeat_at_ms,
        p.attempts, p.error, p.content_digest, p.line_count
        """;

    /// <summary>The partitions as the main file knows them (progress as of the last heartbeat or end of lease).</summary>
    public const string FromMain = $"""
        SELECT {Plain}, p.records_processed, p.last_source_id_processed FROM staging_worker_partition p
        """;

    /// <summary>The partitions with their exact checkpoints, read from the attached staging file.</summary>
    public const string WithCheckpoints = $"""
        SELECT {Plain},
               coalesce(c.records_processed, p.records_processed) AS records_processed,
               coalesce(c.last_source_id, p.last_source_id_processed) AS last_source_id_processed
        FROM staging_worker_partition p
        LEFT JOIN staging.staging_partition_checkpoint c ON c.partition_no = p.partition_no
        """;

    /// <summary>Copies a partition's checkpoint from the staging file into its main row.</summary>
    public const string SyncProgress = """
        records_processed = coalesce((SELECT c.records_processed FROM staging.staging_partition_checkpoint c
                                      WHERE c.partition_no = staging_worker_partition.partition_no), records_processed),
        last_source_id_processed = coalesce((SELECT c.last_source_id FROM staging.staging_partition_checkpoint c
                                             WHERE c.partition_no = staging_worker_partition.partition_no), last_source_id_processed)
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
    public string? content_digest { get; set; }
    public long? line_count { get; set; }

    public PartitionRecord ToRecord() => new(
        batch_id, (int)partition_no, SourceKinds.Parse(source_type), first_source_id, last_source_id, first_position, record_count,
        new SequenceRange(sequence_start, sequence_end), PartitionStatuses.Parse(status), records_processed, last_source_id_processed,
        lease_owner, Ms(lease_expires_at_ms), Ms(heartbeat_at_ms), (int)attempts, error, ContentDigest.ParseOrNull(content_digest), line_count);

    private static DateTimeOffset? Ms(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
