using Dapper;
using Microsoft.Data.Sqlite;
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
        return Task.FromResult(StagingMeasure.Measure(connection, GetPartitions(connection, null, batch.BatchId, withCheckpoints: true)));
    }

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

    internal static void SaveValidation(SqliteConnection connection, SqliteTransaction transaction, string batchId, ValidationReport report)
    {
        var run = connection.ExecuteScalar<long>(
            "SELECT coalesce(max(validation_run), 0) + 1 FROM staging_validation_result WHERE batch_id = @batchId", new { batchId }, transaction);
        connection.Execute($"""
            INSERT INTO staging_validation_result (batch_id, validation_run, check_no, check_code, passed, expected, actual, message, checked_at)
            VALUES (@batchId, @run, @no, @Code, @Passed, @Expected, @Actual, @Message, {SqliteDatabase.NowText})
            """, report.Checks.Select((c, i) => new { batchId, run, no = i + 1, c.Code, c.Passed, c.Expected, c.Actual, c.Message }), transaction);
    }

    internal SqliteConnection OpenWithStaging(string batchId, int cacheMegabytes = SqliteDatabase.ControlCacheMegabytes)
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

    /// <summary>
    /// Recreates a missing staging file only while nothing has been staged into it yet (a run that
    /// died between recording the batch and creating its file). Workers open their sessions at the
    /// same time, so this is done under a lock, once.
    /// </summary>
    private void EnsureStagingFile(string batchId)
    {
        lock (_stagingFileLock)
        {
            EnsureStagingFileLocked(batchId);
        }
    }

    private void EnsureStagingFileLocked(string batchId)
    {
        var path = Database.StagingFileOf(batchId);
        if (File.Exists(path))
        {
            return;
        }

        using var connection = Database.Open();
        var staged = connection.ExecuteScalar<long>(
            "SELECT coalesce(sum(records_processed), 0) FROM staging_worker_partition WHERE batch_id = @batchId", new { batchId });
        var started = connection.ExecuteScalar<long>(
            "SELECT count(*) FROM staging_worker_partition WHERE batch_id = @batchId AND attempts > 0", new { batchId });
        if (staged > 0 || started > 0)
        {
            throw new InvalidOperationException($"the staging file of batch {batchId} is missing ({path}) although workers already staged into it; abort the batch");
        }

        StagingFile.Create(path, batchId, connection.Query<int>(
            "SELECT partition_no FROM staging_worker_partition WHERE batch_id = @batchId ORDER BY partition_no", new { batchId }).ToList());
    }
}
