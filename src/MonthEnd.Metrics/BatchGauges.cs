using MonthEnd.Core.Batches;
using Prometheus;

namespace MonthEnd.Metrics;

/// <summary>
/// The per-batch gauges (labels batch_id and period, some one more) and the worker heartbeat ages,
/// set afresh from each scrape's readings; the series of a batch or worker no longer read are removed.
/// </summary>
internal sealed class BatchGauges
{
    private readonly LabelledGauge _status, _recordsExpected, _recordsProcessed, _entriesExpected, _entriesStaged, _throughput, _partitions,
        _stalled, _workers, _retries, _validationFailures, _phases, _commit, _heartbeatAge;

    private readonly LabelledGauge[] _all;

    public BatchGauges(IMetricFactory f)
    {
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
            "Seconds since the worker's last heartbeat on a RUNNING partition it holds (database clock)", ["batch_id", "worker"]));
        _all = [_status, _recordsExpected, _recordsProcessed, _entriesExpected, _entriesStaged, _throughput, _partitions,
            _stalled, _workers, _retries, _validationFailures, _phases, _commit, _heartbeatAge];
    }

    public void Publish(IReadOnlyList<BatchReading> batches)
    {
        foreach (var gauge in _all)
        {
            gauge.BeginRound();
        }

        foreach (var b in batches)
        {
            Publish(b);
        }

        foreach (var gauge in _all)
        {
            gauge.EndRound();
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
}
