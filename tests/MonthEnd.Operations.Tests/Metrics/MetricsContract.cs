using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Metrics;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Audit;
using MonthEnd.Operations.Batches;
using MonthEnd.Operations.Source;
using MonthEnd.Operations.Tests.Contract;
using MonthEnd.Store.Tests.Contract;

namespace MonthEnd.Operations.Tests.Metrics;

/// <summary>
/// One committed January batch (50 premiums, 6 claims) on a store, and the metrics of another
/// process on the same database (a second store instance, as the web host or a worker has): what
/// they show must be what the database holds, whoever ran the batch.
/// </summary>
public sealed class MetricsBatch<TTarget> : IAsyncLifetime where TTarget : IStoreTarget, new()
{
    public const string BatchId = "2025-01-MONTHEND";

    private ServiceProvider? _metricsProcess;

    public IStoreTarget Target { get; } = new TTarget();

    public OperationsHost Host { get; private set; } = null!;

    public Caller Admin { get; private set; } = null!;

    public Caller Auditor { get; private set; } = null!;

    /// <summary>The source's PAID premiums and APPROVED claims, counted by SQL before the batch.</summary>
    public (long Premiums, long Claims) Posted { get; private set; }

    public MonthEndMetrics Metrics { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var ct = CancellationToken.None;
        var january = new Period(2025, 1);
        Host = await OperationsHost.StartAsync(Target);
        Admin = await Host.UserAsync("root", Role.BatchAdmin);
        Auditor = await Host.UserAsync("ann", Role.Auditor);
        var rules = RuleSetLoader.LoadDefault();
        await Host.Get<SourceOperations>().GenerateAsync(Admin, january, 50, 6, 17, rules, ct);
        Posted = (await Target.CountAsync("SELECT count(*) FROM premium_transaction WHERE status = 'PAID'"),
            await Target.CountAsync("SELECT count(*) FROM claims_transaction WHERE status = 'APPROVED'"));
        var run = await Host.Get<BatchOperations>().RunAsync(Admin,
            new RunRequest(january, null, rules, Admin.User, new RunSettings { Workers = 2, ChunkSize = 20, PollInterval = TimeSpan.FromMilliseconds(20) }), null, ct);
        run.Outcome.Result.ShouldBe(RunResult.Committed, run.Outcome.Message);
        var store = Target.OpenStore();
        _metricsProcess = new ServiceCollection().AddLogging().AddMonthEndStore(_ => store).AddMonthEndMetrics().BuildServiceProvider();
        Metrics = _metricsProcess.GetRequiredService<MonthEndMetrics>();
    }

    public async Task<Exposition> ScrapeAsync() => Exposition.Parse(await Metrics.ScrapeAsync(CancellationToken.None));

    public async Task DisposeAsync()
    {
        if (_metricsProcess is not null)
        {
            await _metricsProcess.DisposeAsync();
        }

        await Host.DisposeAsync();
        await Target.DisposeAsync();
    }
}

/// <summary>The metrics against the database's truth, on every store.</summary>
public abstract class MetricsContract<TTarget>(MetricsBatch<TTarget> batch) : IClassFixture<MetricsBatch<TTarget>>
    where TTarget : IStoreTarget, new()
{
    private const string BatchId = MetricsBatch<TTarget>.BatchId;
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly (string, string) January = ("batch_id", BatchId);

    [Fact]
    public async Task a_committed_batchs_metrics_are_the_databases_counts()
    {
        var (premiums, claims) = batch.Posted;
        var scrape = await batch.ScrapeAsync();

        scrape.Value("monthend_batch_records_expected", January).ShouldBe(premiums + claims);
        scrape.Value("monthend_batch_records_processed", January).ShouldBe(premiums + claims);
        scrape.Value("monthend_batch_entries_expected", January).ShouldBe((3 * premiums) + claims);
        scrape.Value("monthend_batch_entries_staged", January).ShouldBe((3 * premiums) + claims);
        foreach (var status in Enum.GetValues<BatchStatus>())
        {
            scrape.Value("monthend_batch_status", January, ("period", "2025-01"), ("status", status.Code())).ShouldBe(status == BatchStatus.Committed ? 1 : 0);
        }

        var partitions = await batch.Host.Store.GetPartitionsAsync(BatchId, Ct);
        partitions.Count.ShouldBeGreaterThan(1);
        scrape.Value("monthend_batch_partitions", January, ("state", "COMPLETED")).ShouldBe(partitions.Count);
        foreach (var state in new[] { "PENDING", "RUNNING", "FAILED" })
        {
            scrape.Value("monthend_batch_partitions", January, ("state", state)).ShouldBe(0);
        }

        scrape.Value("monthend_batch_partitions_stalled", January).ShouldBe(0);
        scrape.Value("monthend_batch_workers", January).ShouldBe(0);
        scrape.Value("monthend_batch_partition_retries", January).ShouldBe(0);
        scrape.Value("monthend_batch_validation_failures", January).ShouldBe(0);
        scrape.Of("monthend_worker_heartbeat_age_seconds", January).ShouldBeEmpty();
        scrape.Value("monthend_database_up").ShouldBe(1);
    }

    [Fact]
    public async Task phase_durations_come_from_the_batchs_events_and_throughput_is_records_over_staging_time()
    {
        var scrape = await batch.ScrapeAsync();

        var phases = scrape.Of("monthend_batch_phase_seconds", January).ToDictionary(s => s.Labels["phase"], s => s.Value);
        phases.Keys.Order().ShouldBe(["archive", "commit", "paused", "planned", "staging", "validation"]);
        phases.Values.ShouldAllBe(v => v >= 0);
        phases["paused"].ShouldBe(0);
        scrape.Value("monthend_batch_commit_duration_seconds", January).ShouldBe(phases["commit"]);
        var processed = scrape.Value("monthend_batch_records_processed", January);
        var throughput = scrape.Value("monthend_batch_throughput_records_per_second", January);
        if (phases["staging"] > 0)
        {
            throughput.ShouldBe(processed / phases["staging"], processed / phases["staging"] * 1e-9);
        }
        else
        {
            throughput.ShouldBe(0);
        }
    }

    [Fact]
    public async Task a_web_host_serves_them_on_slash_metrics_with_MapMonthEndMetrics()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var store = batch.Target.OpenStore();
        builder.Services.AddMonthEndStore(_ => store).AddMonthEndMetrics();
        await using var app = builder.Build();
        app.MapMonthEndMetrics();
        await app.StartAsync(Ct);
        try
        {
            using var http = new HttpClient();
            var scrape = Exposition.Parse(await http.GetStringAsync(new Uri(new Uri(app.Urls.Single()), "/metrics"), Ct));
            var (premiums, claims) = batch.Posted;
            scrape.Value("monthend_batch_records_processed", January).ShouldBe(premiums + claims);
            scrape.Value("monthend_batch_status", January, ("status", "COMMITTED")).ShouldBe(1);
        }
        finally
        {
            await app.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task every_metric_the_dashboard_and_the_alert_rules_use_is_exported()
    {
        var scrape = await batch.ScrapeAsync();

        var used = DeployFiles.MetricNamesUsed();
        used.Count.ShouldBeGreaterThan(15);
        var exported = scrape.Families.Concat(scrape.Samples.Select(s => s.Name)).ToHashSet(StringComparer.Ordinal);
        used.Where(name => !exported.Contains(name)).ShouldBeEmpty("queried by deploy/ but not exported");
        exported.Where(name => name.StartsWith("monthend_", StringComparison.Ordinal)).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task audit_verify_result_is_the_trails_last_verification_refusals_aside()
    {
        var audit = batch.Host.Get<AuditOperations>();
        (await batch.ScrapeAsync()).Of("monthend_audit_verify_intact").ShouldBeEmpty("no verification yet");
        await Should.ThrowAsync<AccessDeniedException>(() => audit.VerifyAsync(batch.Admin, null, Ct));
        (await batch.ScrapeAsync()).Of("monthend_audit_verify_intact").ShouldBeEmpty("a refused verify verified nothing");

        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        (await audit.VerifyAsync(batch.Auditor, null, Ct)).Intact.ShouldBeTrue();
        var after = DateTimeOffset.UtcNow.AddSeconds(5);
        var intact = await batch.ScrapeAsync();
        intact.Value("monthend_audit_verify_intact").ShouldBe(1);
        var at = intact.Value("monthend_audit_verify_timestamp_seconds");
        at.ShouldBeInRange(before.ToUnixTimeSeconds(), after.ToUnixTimeSeconds());

        await batch.Target.ExecuteAsync("UPDATE audit_batch_operations SET performed_by = 'mallory' WHERE audit_id = 2");
        (await audit.VerifyAsync(batch.Auditor, null, Ct)).Intact.ShouldBeFalse();
        var broken = await batch.ScrapeAsync();
        broken.Value("monthend_audit_verify_intact").ShouldBe(0);
        broken.Value("monthend_audit_verify_timestamp_seconds").ShouldBeGreaterThanOrEqualTo(at);
    }

    [Fact]
    public async Task a_running_batch_shows_a_stalled_partition_a_failed_one_and_each_workers_heartbeat_age()
    {
        var store = batch.Host.Store;
        var february = new Period(2025, 2);
        const string id = "2025-02-MONTHEND";
        var rules = RuleSetLoader.LoadDefault();
        await batch.Host.Get<SourceOperations>().GenerateAsync(batch.Admin, february, 30, 4, 5, rules, Ct);
        var (planned, refusal) = await new Preflight(store).PlanAsync(
            new RunRequest(february, id, rules, batch.Admin.User, new RunSettings { Workers = 2, ChunkSize = 5 }), id, Ct);
        refusal.ShouldBeNull(refusal?.Message);
        await store.MoveAsync(planned!.BatchId, BatchStatus.Planned, BatchStatus.Running, null, Ct);
        var partitions = (await store.GetPartitionsAsync(id, Ct)).Count;
        partitions.ShouldBeGreaterThan(3);
        try
        {
            // "dead" claims with a 1 s lease and never renews it; "alive" holds one partition and failed another.
            await using var dead = await store.OpenWorkerAsync(id, "dead", Ct);
            await using var alive = await store.OpenWorkerAsync(id, "alive", Ct);
            (await dead.ClaimPartitionAsync(TimeSpan.FromSeconds(1), Ct)).Lease.ShouldNotBeNull();
            (await alive.ClaimPartitionAsync(TimeSpan.FromMinutes(5), Ct)).Lease.ShouldNotBeNull();
            var failing = (await alive.ClaimPartitionAsync(TimeSpan.FromMinutes(5), Ct)).Lease!;
            await alive.FailPartitionAsync(failing, "a chunk failed", Ct);

            var scrape = await ScrapeUntilAsync(s => s.Of("monthend_batch_partitions_stalled", ("batch_id", id)) is [{ Value: 1 }]);
            (string, string) feb = ("batch_id", id);
            scrape.Value("monthend_batch_status", feb, ("status", "RUNNING")).ShouldBe(1);
            scrape.Value("monthend_batch_partitions", feb, ("state", "RUNNING")).ShouldBe(2);
            scrape.Value("monthend_batch_partitions", feb, ("state", "FAILED")).ShouldBe(1);
            scrape.Value("monthend_batch_partitions", feb, ("state", "PENDING")).ShouldBe(partitions - 3);
            scrape.Value("monthend_batch_workers", feb).ShouldBe(1, "only alive holds a live lease");
            scrape.Value("monthend_batch_records_processed", feb).ShouldBe(0);
            var ages = scrape.Of("monthend_worker_heartbeat_age_seconds", feb).ToDictionary(s => s.Labels["worker"], s => s.Value);
            ages.Keys.Select(w => w.Split('/')[^1]).Order().ToList().ShouldBe(["alive", "dead"], customMessage: string.Join(", ", ages.Keys));
            var deadAge = ages.Single(a => a.Key.EndsWith("dead", StringComparison.Ordinal)).Value;
            deadAge.ShouldBeGreaterThanOrEqualTo(1, "its lease of 1 s ran out after its last heartbeat");
            scrape.Value("monthend_batch_records_processed", January).ShouldBeGreaterThan(0, "January is still shown beside it");
        }
        finally
        {
            await store.AbortAsync(id, "test over", Ct);
        }

        (await batch.ScrapeAsync()).Of("monthend_worker_heartbeat_age_seconds", ("batch_id", id)).ShouldBeEmpty("an aborted batch's workers hold nothing");
    }

    /// <summary>Scrapes until the condition holds (a lease running out on the database's clock), with a hang guard.</summary>
    private async Task<Exposition> ScrapeUntilAsync(Func<Exposition, bool> condition)
    {
        var guard = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var scrape = await batch.ScrapeAsync();
            if (condition(scrape) || DateTime.UtcNow > guard)
            {
                return scrape;
            }

            await Task.Delay(200);
        }
    }
}
