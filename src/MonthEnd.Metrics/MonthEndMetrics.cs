using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using MonthEnd.Core.Batches;
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
    private readonly LabelledGauge _status, _recordsExpected, _recordsProcessed, _entriesExpected, _entriesStaged, _throughput, _partitions,
        _stalled, _workers, _retries, _validationFailures, _phases, _commit, _heartbeatAge;

    private readonly Gauge _auditIntact, _auditAt, _databaseUp;
    private readonly Counter _readErrors, _transientErrors, _workerRecords, _workerEntries;

    internal MonthEndMetrics(StoreReadings readings, ILogger<MonthEndMetrics> log)
    {
        _readings = readings;
        _log = log;
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var f = Prometheus.Metrics.WithCustomRegistry(Registry);
        string[] batch = ["batch_id", "period"];
        LabelledGauge G(string name, string help, params string[] extra) => new(f.CreateGauge(name, help, [.. batch, .. extra]));

        _status = G("monthend_batch_status", "1 for the batch's status now, 0 for its other statuses", "status");
        _recordsExpected = G("monthend_batch_records_expected", "Source records the batch posts (PAID premiums and APPROVED claims of the period)");
        _recordsProcessed = G("monthend_batch_records_processed", "Source records staged, by the partitions' checkpoints");
        _entriesExpected = G("monthend_batch_entries_expected", "Journal entries the batch makes (its JE number range)");
        _entriesStaged = G("monthend_batch_entries_staged", "Journal entries staged, by the partitions' checkpoints");
        _throughput = G("monthend_batch_throughput_records_per_second", "Records processed per second of staging so far (the original design's target is 5,556)");
        _partitions = G("monthend_batch_partitions", "Partitions by state", "state");
        _stalled = G("monthend_batch_partitions_stalled", "RUNNING partitions whose lease ran out: their worker stopped renewing it and no worker has taken them over yet");
        _workers = G("monthend_batch_workers", "Workers holding a live lease on one of the batch's partitions");
        _retries = G("monthend_batch_partition_retries", "Times partitions were claimed again after their first claim (a worker died, a chunk failed)");
        _validationFailures = G("monthend_batch_validation_failures", "Failed checks in the batch's last validation");
        _phases = G("monthend_batch_phase_seconds", "Time the batch spent in each phase, the current one up to now (database clock)", "phase");
        _commit = G("monthend_batch_commit_duration_seconds", "How long the commit transaction took (from COMMITTING to committed)");
        _heartbeatAge = new(f.CreateGauge("monthend_worker_heartbeat_age_seconds",
            "Seconds since the worker's last heartbeat on a RUNNING partition it holds (database clock)", "batch_id", "worker"));
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

    /// <summary>The registry to serve: /metrics of the web host (<see cref="MetricsEndpoints"/>) or a worker's own server.</summary>
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
            Publish(await _readings.ReadAsync(timeout.Token));
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

    private void Publish(MetricsSnapshot snapshot)
    {
        LabelledGauge[] all = [_status, _recordsExpected, _recordsProcessed, _entriesExpected, _entriesStaged, _throughput, _partitions,
            _stalled, _workers, _retries, _validationFailures, _phases, _commit, _heartbeatAge];
        foreach (var gauge in all)
        {
            gauge.BeginRound();
        }

        foreach (var b in snapshot.Batches)
        {
            Publish(b);
        }

        foreach (var gauge in all)
        {
            gauge.EndRound();
        }

        if (snapshot.AuditVerification is { } verified)
        {
            _auditIntact.Set(verified.Intact ? 1 : 0);
            _auditAt.Set(verified.At.ToUnixTimeMilliseconds() / 1000.0);
        }
    }

    private void Publish(BatchReading b)
    {
        string[] id = [b.BatchId, b.Period];
        foreach (var status in Enum.GetValues<BatchStatus>())
        {
            _status.Set(status == b.Status ? 1 : 0, [.. id, status.Code()]);
        }

        _recordsExpected.Set(b.RecordsExpected, id);
        _recordsProcessed.Set(b.RecordsProcessed, id);
        _entriesExpected.Set(b.EntriesExpected, id);
        _entriesStaged.Set(b.EntriesStaged, id);
        _throughput.Set(b.RecordsPerSecond, id);
        foreach (var (state, count) in b.Partitions)
        {
            _partitions.Set(count, [.. id, state.Code()]);
        }

        _stalled.Set(b.StalledPartitions, id);
        _workers.Set(b.Workers, id);
        _retries.Set(b.Retries, id);
        _validationFailures.Set(b.ValidationFailures, id);
        foreach (var phase in BatchReading.Phases)
        {
            _phases.Set(b.PhaseSeconds.GetValueOrDefault(phase), [.. id, phase]);
        }

        if (b.CommitSeconds is { } commit)
        {
            _commit.Set(commit, id);
        }

        foreach (var (worker, age) in b.HeartbeatAgeSeconds)
        {
            _heartbeatAge.Set(age, b.BatchId, worker);
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
