using Dapper;
using Microsoft.Data.Sqlite;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Validation;
using MonthEnd.Sqlite.Staging;

namespace MonthEnd.Sqlite;

public sealed partial class SqliteStore
{
    public Task<IWorkerSession> OpenWorkerAsync(string batchId, string workerName, CancellationToken ct)
    {
        EnsureStagingFile(batchId);
        return Task.FromResult<IWorkerSession>(new SqliteWorkerSession(this, batchId, workerName));
    }

    public Task<StagingFacts> MeasureStagingAsync(BatchRecord batch, CancellationToken ct)
    {
        using var connection = OpenWithStaging(batch.BatchId);
        return Task.FromResult(MeasureStaging(connection, null));
    }

    public Task<BatchRecord> RecordValidationAsync(string batchId, ValidationReport report, CancellationToken ct) =>
        WriteAsync((connection, transaction) =>
        {
            var run = connection.ExecuteScalar<long>(
                "SELECT coalesce(max(validation_run), 0) + 1 FROM staging_validation_result WHERE batch_id = @batchId", new { batchId }, transaction);
            connection.Execute($"""
                INSERT INTO staging_validation_result (batch_id, validation_run, check_no, check_code, passed, expected, actual, message, checked_at)
                VALUES (@batchId, @run, @no, @Code, @Passed, @Expected, @Actual, @Message, {SqliteDatabase.NowText})
                """, report.Checks.Select((c, i) => new { batchId, run, no = i + 1, c.Code, c.Passed, c.Expected, c.Actual, c.Message }), transaction);
            return report.Passed
                ? Move(connection, transaction, batchId, BatchStatus.Validating, BatchStatus.Committing, null)
                : Move(connection, transaction, batchId, BatchStatus.Validating, BatchStatus.Failed, "validation failed: " + report.Summary());
        }, ct);

    public Task<IReadOnlyList<ValidationCheck>> GetValidationResultsAsync(string batchId, CancellationToken ct)
    {
        using var connection = Database.Open();
        var checks = connection.Query<(string Code, long Passed, string Expected, string Actual, string Message)>("""
                SELECT check_code, passed, expected, actual, message FROM staging_validation_result
                WHERE batch_id = @batchId
                  AND validation_run = (SELECT max(validation_run) FROM staging_validation_result WHERE batch_id = @batchId)
                ORDER BY check_no
                """, new { batchId })
            .Select(c => new ValidationCheck(c.Code, c.Passed == 1, c.Expected, c.Actual, c.Message))
            .ToList();
        return Task.FromResult<IReadOnlyList<ValidationCheck>>(checks);
    }

    internal static StagingFacts MeasureStaging(SqliteConnection connection, SqliteTransaction? transaction)
    {
        var h = connection.QuerySingle<(long Count, long Premium, long Claim, long? Min, long? Max, long PremiumDebit, long ClaimDebit)>(
            SqlText.Get("measure_headers"), transaction: transaction);
        var l = connection.QuerySingle<(long Count, long Debit, long Credit, long Tabarru, long Tanahud, long Ujroh, long Malformed)>(
            SqlText.Get("measure_lines"), transaction: transaction);
        var e = connection.QuerySingle<(long WithLines, long Unbalanced, long Mismatched, long OrphanGroups, long OrphanLines)>(
            SqlText.Get("measure_entries"), transaction: transaction);
        var headersWithoutLines = h.Count - (e.WithLines - e.OrphanGroups);
        var bad = e.Unbalanced + e.Mismatched + e.OrphanLines + headersWithoutLines + l.Malformed;
        return new StagingFacts
        {
            HeaderCount = h.Count,
            PremiumHeaderCount = h.Premium,
            ClaimHeaderCount = h.Claim,
            MinJeNumber = h.Min,
            MaxJeNumber = h.Max,
            LineCount = l.Count,
            UnbalancedEntries = e.Unbalanced,
            HeaderLineMismatches = e.Mismatched + headersWithoutLines,
            OrphanLines = e.OrphanLines,
            MalformedLines = l.Malformed,
            SampleBadEntries = bad == 0 ? [] : connection.Query<long>(SqlText.Get("sample_bad_entries"), transaction: transaction).ToList(),
            TotalDebit = new Money(l.Debit),
            TotalCredit = new Money(l.Credit),
            FundNetChange = FundAmounts.Of(new Money(l.Tabarru), new Money(l.Tanahud), new Money(l.Ujroh)),
            PremiumEntriesDebit = new Money(h.PremiumDebit),
            ClaimEntriesDebit = new Money(h.ClaimDebit),
        };
    }

    internal SqliteConnection OpenWithStaging(string batchId, int cacheMegabytes = 32)
    {
        var path = Database.StagingFileOf(batchId);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"the staging file of batch {batchId} is missing ({path})");
        }

        var connection = Database.Open(cacheMegabytes);
        SqliteDatabase.AttachStaging(connection, path);
        StagingFile.EnsureBelongsTo(connection, batchId);
        return connection;
    }

    /// <summary>Recreates a missing staging file only while nothing has been staged into it yet.</summary>
    private void EnsureStagingFile(string batchId)
    {
        var path = Database.StagingFileOf(batchId);
        if (File.Exists(path))
        {
            return;
        }

        using var connection = Database.Open();
        var staged = connection.ExecuteScalar<long>(
            "SELECT coalesce(sum(records_processed), 0) FROM staging_worker_partition WHERE batch_id = @batchId", new { batchId });
        if (staged > 0)
        {
            throw new InvalidOperationException($"the staging file of batch {batchId} is missing ({path}) although {staged} records were staged; abort the batch");
        }

        StagingFile.Create(path, batchId);
    }
}
