using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Planning;

namespace MonthEnd.Postgres.Rows;

/// <summary>A staging_month_end_master row as Dapper reads it.</summary>
internal sealed class MasterRow
{
    public const string Columns = """
        m.batch_id, m.batch_key, m.period, m.kind, m.status, m.rule_set_id, r.version AS rule_set_version, m.coa_version_id,
        m.sequence_start, m.sequence_end, m.premium_count, m.claim_count, m.expected_line_count, m.actual_je_count,
        m.source_data_checksum, m.premium_total, m.claim_total, m.worker_count, m.chunk_size, m.initiated_by, m.created_at,
        m.started_at, m.validated_at, m.committed_at, m.archived_at, m.status_reason, m.staging_location, m.archive_location, m.reverses_batch_id
        """;

    public const string From = "staging_month_end_master m JOIN posting_rule_set r ON r.rule_set_id = m.rule_set_id";

    public string batch_id { get; set; } = "";
    public long batch_key { get; set; }
    public string period { get; set; } = "";
    public string kind { get; set; } = "";
    public string status { get; set; } = "";
    public long rule_set_id { get; set; }
    public int rule_set_version { get; set; }
    public int coa_version_id { get; set; }
    public long sequence_start { get; set; }
    public long sequence_end { get; set; }
    public long premium_count { get; set; }
    public long claim_count { get; set; }
    public long expected_line_count { get; set; }
    public long? actual_je_count { get; set; }
    public string source_data_checksum { get; set; } = "";
    public decimal premium_total { get; set; }
    public decimal claim_total { get; set; }
    public int worker_count { get; set; }
    public int chunk_size { get; set; }
    public string initiated_by { get; set; } = "";
    public DateTime created_at { get; set; }
    public DateTime? started_at { get; set; }
    public DateTime? validated_at { get; set; }
    public DateTime? committed_at { get; set; }
    public DateTime? archived_at { get; set; }
    public string? status_reason { get; set; }
    public string? staging_location { get; set; }
    public string? archive_location { get; set; }
    public string? reverses_batch_id { get; set; }

    public BatchRecord ToRecord() => new(
        batch_id, Period.Parse(period), kind, BatchStatuses.Parse(status), rule_set_id, rule_set_version, coa_version_id,
        new SequenceRange(sequence_start, sequence_end), premium_count, claim_count, expected_line_count, actual_je_count,
        source_data_checksum, Money.FromDecimal(premium_total), Money.FromDecimal(claim_total), worker_count, chunk_size, initiated_by,
        Utc(created_at)!.Value, Utc(started_at), Utc(validated_at), Utc(committed_at), Utc(archived_at), status_reason,
        staging_location, archive_location) { ReversesBatchId = reverses_batch_id };

    internal static DateTimeOffset? Utc(DateTime? time) =>
        time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}
