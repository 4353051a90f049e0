using MonthEnd.Core.Batches;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Audit;

namespace MonthEnd.Metrics;

/// <summary>What one scrape read from the database.</summary>
internal sealed record MetricsSnapshot(DateTimeOffset DatabaseNow, IReadOnlyList<BatchReading> Batches, AuditVerificationResult? AuditVerification);

/// <summary>
/// Reads the database's truth for the gauges through the stores' read interfaces: the newest batches
/// and every open one among the last <see cref="Window"/> (bounded label sets: a batch's series go once
/// it is neither), their partitions, events and last validation, and the trail's last verification.
/// </summary>
internal sealed class StoreReadings(IMonthEndStore store, IDatabaseClock clock, IAuditStore audit)
{
    /// <summary>How many of the newest batches are looked at.</summary>
    public const int Window = 20;

    /// <summary>How many of the newest batches are shown whatever their status.</summary>
    public const int Recent = 5;

    public async Task<MetricsSnapshot> ReadAsync(CancellationToken ct)
    {
        var now = await clock.DatabaseNowAsync(ct);
        var listed = await store.ListBatchesAsync(null, Window, ct);
        var batches = new List<BatchReading>();
        foreach (var batch in listed.Where((b, i) => i < Recent || b.Status.IsOpen()))
        {
            var partitions = await store.GetPartitionsAsync(batch.BatchId, ct);
            var events = await store.GetEventsAsync(batch.BatchId, ct);
            var checks = await store.GetValidationResultsAsync(batch.BatchId, ct);
            batches.Add(BatchReading.Of(batch, partitions, events, checks, now));
        }

        return new MetricsSnapshot(now, batches, await AuditVerifications.LastAsync(audit, ct));
    }
}
