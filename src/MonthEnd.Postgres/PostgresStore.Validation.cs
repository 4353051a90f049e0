using Dapper;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Validation;
using MonthEnd.Postgres.Staging;
using Npgsql;

namespace MonthEnd.Postgres;

public sealed partial class PostgresStore
{
    public async Task<IWorkerSession> OpenWorkerAsync(string batchId, string workerName, CancellationToken ct)
    {
        var key = await RunAsync((connection, _) => BatchKeyAsync(connection, null, batchId), ct);
        return new PostgresWorkerSession(this, batchId, key, workerName);
    }

    public async Task<StagingFacts> MeasureStagingAsync(BatchRecord batch, CancellationToken ct)
    {
        var key = await StagedBatchKeyAsync(batch.BatchId, ct);
        return await Task.Run(() => StagingMeasure.Measure(DataSource, batch, key), ct);
    }

    public Task<IReadOnlyList<ValidationCheck>> GetValidationResultsAsync(string batchId, CancellationToken ct) =>
        RunAsync((connection, _) => GetValidationResultsAsync(connection, null, batchId), ct);

    internal static async Task<IReadOnlyList<ValidationCheck>> GetValidationResultsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string batchId) =>
        (await connection.QueryAsync<(string Code, bool Passed, string Expected, string Actual, string Message)>("""
            SELECT check_code, passed, expected, actual, message FROM staging_validation_result
            WHERE batch_id = @batchId
              AND validation_run = (SELECT max(validation_run) FROM staging_validation_result WHERE batch_id = @batchId)
            ORDER BY check_no
            """, new { batchId }, transaction))
        .Select(c => new ValidationCheck(c.Code, c.Passed, c.Expected, c.Actual, c.Message))
        .ToList();

    internal static async Task SaveValidationAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string batchId, ValidationReport report)
    {
        var run = await connection.ExecuteScalarAsync<int>(
            "SELECT coalesce(max(validation_run), 0) + 1 FROM staging_validation_result WHERE batch_id = @batchId", new { batchId }, transaction);
        await connection.ExecuteAsync("""
            INSERT INTO staging_validation_result (batch_id, validation_run, check_no, check_code, passed, expected, actual, message)
            VALUES (@batchId, @run, @no, @Code, @Passed, @Expected, @Actual, @Message)
            """, report.Checks.Select((c, i) => new { batchId, run, no = i + 1, c.Code, c.Passed, c.Expected, c.Actual, c.Message }), transaction);
    }

    /// <summary>The batch's key, when its staging tables still exist (not yet committed or aborted).</summary>
    private Task<long> StagedBatchKeyAsync(string batchId, CancellationToken ct) =>
        RunAsync(async (connection, _) =>
        {
            var key = await BatchKeyAsync(connection, null, batchId);
            var exists = await connection.ExecuteScalarAsync<bool>("SELECT to_regclass(@name) IS NOT NULL", new { name = StagingTables.Header(key) });
            return exists ? key : throw new InvalidOperationException($"batch {batchId} has no staging tables (committed, aborted or never staged)");
        }, ct);
}
