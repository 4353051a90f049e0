using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using MonthEnd.Core.Diagnostics;
using MonthEnd.Core.Engine;
using Prometheus;

namespace MonthEnd.Metrics;

/// <summary>
/// The product's metrics, one definition for every host (web, worker). Gauges are the database's
/// truth, read at each scrape (<see cref="StoreReadings"/>), so any process exports the same numbers
/// for every batch whoever runs it; counters are what happened in this process only (its transient
/// database errors, the records its worker staged, scrapes that could not read the database).
/// </summary>
public sealed partial class MonthEndMetrics : IDisposable
{
    /// <summary>A scrape waits this long for the database, well inside Prometheus' default 10 s scrape timeout.</summary>
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(8);

    private readonly StoreReadings _readings;
    private readonly ILogger<MonthEndMetrics> _log;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly MeterListener _listener;
    private readonly BatchGauges _batches;
    private readonly Gauge _auditIntact, _auditAt, _databaseUp;
    private readonly Counter _readErrors, _transientErrors, _workerRecords, _workerEntries;

    internal MonthEndMetrics(StoreReadings readings, ILogger<MonthEndMetrics> log)
    {
        _readings = readings;
        _log = log;
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var f = Prometheus.Metrics.WithCustomRegistry(Registry);
        _batches = new BatchGauges(f);
        _auditIntact = f.CreateGauge("monthend_audit_verify_intact", "1 when the last audit verify found the trail and the sealed ledgers intact, 0 when not (absent before the first verify)");
        _auditAt = f.CreateGauge("monthend_audit_verify_timestamp_seconds", "When the last audit verify ran (Unix time; absent before the first verify)");
        _databaseUp = f.CreateGauge("monthend_database_up", "1 when this process read the database for its last scrape, 0 when it could not");
        _readErrors = f.CreateCounter("monthend_database_read_errors_total", "Scrapes of this process that could not read the database");
        _transientErrors = f.CreateCounter("monthend_database_transient_errors_total", "Transient database errors (lost connection, restart, serialization failure) this process retried");
        _workerRecords = f.CreateCounter("monthend_worker_records_staged_total", "Source records this worker process staged");
        _workerEntries = f.CreateCounter("monthend_worker_entries_staged_total", "Journal entries this worker process staged");
        _auditIntact.Unpublish();
        _auditAt.Unpublish();
        _listener = ListenToStore();
        Registry.AddBeforeCollectCallback(RefreshAsync);
    }

    /// <summary>The registry to serve: /metrics of the web host (<see cref="MetricsServices"/>) or a worker's own server.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>A worker process's own staging, counted as it happens.</summary>
    public void RecordStaged(StagingCounters counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        _workerRecords.Inc(counters.Records);
        _workerEntries.Inc(counters.Entries);
    }

    /// <summary>The metrics in Prometheus' text format, as a scrape gets them.</summary>
    public async Task<string> ScrapeAsync(CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await Registry.CollectAndExportAsTextAsync(buffer, ct);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private async Task RefreshAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ReadTimeout);
        await _refreshing.WaitAsync(ct);
        try
        {
            var snapshot = await _readings.ReadAsync(timeout.Token);
            _batches.Publish(snapshot.Batches);
            if (snapshot.AuditVerification is { } verified)
            {
                _auditIntact.Set(verified.Intact ? 1 : 0);
                _auditAt.Set(verified.At.ToUnixTimeMilliseconds() / 1000.0);
            }

            _databaseUp.Set(1);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // The scrape still answers: the gauges keep their last values and monthend_database_up says they are stale.
            _databaseUp.Set(0);
            _readErrors.Inc();
            LogReadFailed(_log, e.GetType().Name, e.Message);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>The store's own events (<see cref="StoreTelemetry"/>) as this process's counters.</summary>
    private MeterListener ListenToStore()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == StoreTelemetry.MeterName && instrument.Name == StoreTelemetry.TransientErrorsName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => _transientErrors.Inc(value));
        listener.Start();
        return listener;
    }

    public void Dispose()
    {
        _listener.Dispose();
        _refreshing.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "metrics could not read the database: {Error}: {Message}")]
    private static partial void LogReadFailed(ILogger logger, string error, string message);
}
