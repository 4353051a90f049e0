using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MonthEnd.Core.Storage;
using Prometheus;

namespace MonthEnd.Metrics;

/// <summary>How a host takes the metrics: register them, then serve them.</summary>
public static class MetricsServices
{
    /// <summary>One <see cref="MonthEndMetrics"/> for the process, over the store the host registered (AddMonthEndStore).</summary>
    public static IServiceCollection AddMonthEndMetrics(this IServiceCollection services) =>
        services.AddSingleton(sp => new MonthEndMetrics(
            new StoreReadings(sp.GetRequiredService<IMonthEndStore>(), sp.GetRequiredService<IDatabaseClock>(), sp.GetRequiredService<IAuditStore>()),
            sp.GetRequiredService<ILogger<MonthEndMetrics>>()));

    /// <summary>
    /// The web host's /metrics: <c>app.MapMonthEndMetrics();</c> after AddMonthEndMetrics. It answers
    /// without signing in, as Prometheus scrapes; it holds counts, states and durations, no personal or
    /// financial data; restrict who reaches it at the network (see docs/deployment.md).
    /// </summary>
    public static IEndpointConventionBuilder MapMonthEndMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapMetrics(pattern, endpoints.ServiceProvider.GetRequiredService<MonthEndMetrics>().Registry);
    }

    /// <summary>A worker process's own /metrics on <paramref name="host"/>:<paramref name="port"/> while it runs (disposed to stop).</summary>
    public static IMetricServer Serve(this MonthEndMetrics metrics, string host, int port)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, ushort.MaxValue);
        return new KestrelMetricServer(new KestrelMetricServerOptions { Hostname = host, Port = (ushort)port, Registry = metrics.Registry }).Start();
    }
}
