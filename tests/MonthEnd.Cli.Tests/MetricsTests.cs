using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dapper;
using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests;

/// <summary>monthend worker --metrics-port: a real worker process serves /metrics while it runs.</summary>
public sealed class MetricsTests
{
    private const string BatchId = "2025-01-MONTHEND";

    [Fact]
    public async Task a_worker_serves_the_batchs_counts_and_its_own_staging_on_its_metrics_port_while_it_runs()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync("2025-01", premiums: 60, claims: 6, seed: 3);
        long posted;
        using (var db = ws.Open())
        {
            posted = db.ExecuteScalar<long>("SELECT (SELECT count(*) FROM premium_transaction WHERE status = 'PAID') + (SELECT count(*) FROM claims_transaction WHERE status = 'APPROVED')");
        }

        var port = FreePort();
        using var coordinator = ws.Start("run", "--period", "2025-01", "--workers", "0", "--chunk-size", "20");
        await Poll.WhileRunningAsync(coordinator, "the batch is running", () => ws.BatchStatus(BatchId) == "RUNNING" ? true : (bool?)null);
        using var worker = ws.Start("worker", "--name", "metered", "--poll-seconds", "0.2", "--metrics-port", port.ToString(CultureInfo.InvariantCulture));
        (await coordinator.WaitAsync()).ShouldExitWith(0);

        // The worker staged every record (the run had no workers of its own) and goes on serving its metrics.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var text = await ScrapeWhileRunningAsync(http, worker, port, t => Sample(t, "monthend_worker_records_staged_total") == posted);
        Sample(text, "monthend_worker_records_staged_total").ShouldBe(posted);
        Sample(text, $$"""monthend_batch_records_processed{batch_id="{{BatchId}}",period="2025-01"}""").ShouldBe(posted);
        Sample(text, $$"""monthend_batch_status{batch_id="{{BatchId}}",period="2025-01",status="COMMITTED"}""").ShouldBe(1);
        Sample(text, "monthend_database_up").ShouldBe(1);

        // A second worker cannot take the same port: it says so and exits instead of running unseen.
        var second = await ws.CliAsync("worker", "--exit-when-idle", "--metrics-port", port.ToString(CultureInfo.InvariantCulture));
        second.ShouldExitWith(1).Stderr.ShouldContain($"cannot serve metrics on 127.0.0.1:{port}");
        (await ws.CliAsync("worker", "--exit-when-idle", "--metrics-port", "70000")).ShouldExitWith(64).Stderr.ShouldContain("--metrics-port");
        worker.HasExited.ShouldBeFalse();
        worker.KillHard();
    }

    private static async Task<string> ScrapeWhileRunningAsync(HttpClient http, RunningCli worker, int port, Func<string, bool> done)
    {
        var text = "";
        await Poll.WhileRunningAsync(worker, "its /metrics to show the staged batch", () =>
        {
            try
            {
                text = http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")).GetAwaiter().GetResult();
                return done(text) ? true : (bool?)null;
            }
            catch (HttpRequestException)
            {
                return null;
            }
        });
        return text;
    }

    /// <summary>The value of the sample line that starts with this name and labels; NaN when none.</summary>
    private static double Sample(string exposition, string series) =>
        exposition.Split('\n').Where(l => l.StartsWith(series + " ", StringComparison.Ordinal)).Select(l => double.Parse(l[(series.Length + 1)..], CultureInfo.InvariantCulture))
            .DefaultIfEmpty(double.NaN).Single();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
