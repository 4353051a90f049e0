using System.Globalization;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Planning;

namespace MonthEnd.Sqlite.Rows;

/// <summary>A staging_month_end_master row as Dapper reads it.</summary>
internal sealed class MasterRow
{
    public const string Columns = """
        m.batch_id, m.period, m.kind, m.status, m.rule_set_id, r.version AS rule_set_version, m.coa_version_id, m.sequence_start,
        m.sequence_end, m.premium_count, m.claim_count, m.expected_line_count, m.actual_je_count, m.source_data_checksum,
        m.premium_total, m.claim_total, m.worker_count, m.chunk_size, m.initiated_by, m.created_at, m.started_at, m.validated_at,
        m.committed_at, m.archived_at, m.status_reason, m.staging_location, m.archive_location, m.reverses_batch_id
        """;

    public const string From = "staging_month_end_master m JOIN posting_rule_set r ON r.rule_set_id = m.rule_set_id";

    public string batch_id { get; set; } = "";
    public string period { get; set; } = "";
    public string kind { get; set; } = "";
    public string status { get; set; } = "";
    public long rule_set_id { get; set; }
    public long rule_set_version { get; set; }
    public long coa_version_id { get; set; }
    public long sequence_start { get; set; }
    public long sequence_end { get; set; }
    public long premium_count { get; set; }
    public long claim_count { get; set; }
    public long expected_line_count { get; set; }
    public long? actual_je_count { get; set; }
    public string source_data_checksum { get; set; } = "";
    public long premium_total { get; set; }
    public long claim_total { get; set; }
    public long worker_count { get; set; }
    public long chunk_size { get; set; }
    public string initiated_by { get; set; } = "";
    public string created_at { get; set; } = "";
    public string? started_at { get; set; }
    public string? validated_at { get; set; }
    public string? committed_at { get; set; }
    public string? archived_at { get; set; }
    public string? status_reason { get; set; }
    public string? staging_location { get; set; }
    public string? archive_location { get; set; }
    public string? reverses_batch_id { get; set; }

    public BatchRecord ToRecord() => new(
        batch_id, Period.Parse(period), kind, BatchStatuses.Parse(status), rule_set_id, (int)rule_set_version, (int)coa_version_id,
        new SequenceRange(sequence_start, sequence_end), premium_count, claim_count, expected_line_count, actual_je_count,
        source_data_checksum, new Money(premium_total), new Money(claim_total), (int)worker_count, (int)chunk_size, initiated_by,
        Time(created_at)!.Value, Time(started_at), Time(validated_at), Time(committed_at), Time(archived_at), status_reason,
        staging_location, archive_location) { ReversesBatchId = reverses_batch_id };

    internal static DateTimeOffset? Time(string? text) =>
        text is null ? null : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
