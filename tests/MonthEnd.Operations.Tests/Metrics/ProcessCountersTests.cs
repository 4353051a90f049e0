using Microsoft.Extensions.DependencyInjection;
using MonthEnd.Core.Diagnostics;
using MonthEnd.Core.Engine;
using MonthEnd.Metrics;
using MonthEnd.Store.Tests.Sqlite;

namespace MonthEnd.Operations.Tests.Metrics;

/// <summary>The counters of what happens in the process: the store's retried errors and a worker's own staging.</summary>
public sealed class ProcessCountersTests
{
    [Fact]
    public async Task transient_errors_the_store_reports_and_records_the_worker_staged_are_counted()
    {
        await using var target = new SqliteTarget();
        var store = await target.CreateStoreAsync();
        await using var services = new ServiceCollection().AddLogging().AddMonthEndStore(_ => store).AddMonthEndMetrics().BuildServiceProvider();
        var metrics = services.GetRequiredService<MonthEndMetrics>();
        var before = Exposition.Parse(await metrics.ScrapeAsync(CancellationToken.None));

        // Other tests of this process may retry errors of their own meanwhile: the counter goes up by at least these.
        StoreTelemetry.TransientErrors.Add(3, new KeyValuePair<string, object?>(StoreTelemetry.StoreTag, "postgresql"));
        var staged = new StagingCounters();
        staged.Add(40, 120);
        metrics.RecordStaged(staged);
        metrics.RecordStaged(staged);
        var after = Exposition.Parse(await metrics.ScrapeAsync(CancellationToken.None));

        (after.Value("monthend_database_transient_errors_total") - before.Value("monthend_database_transient_errors_total")).ShouldBeGreaterThanOrEqualTo(3);
        after.Value("monthend_worker_records_staged_total").ShouldBe(80);
        after.Value("monthend_worker_entries_staged_total").ShouldBe(240);
        after.Value("monthend_database_up").ShouldBe(1);
    }
}
