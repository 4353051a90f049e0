using System.CommandLine;
using MonthEnd.Cli.Hosting;
using MonthEnd.Cli.Output;
using MonthEnd.Metrics;
using Prometheus;

namespace MonthEnd.Cli.Commands;

/// <summary>--metrics-port and --metrics-host: a worker process's own /metrics while it runs.</summary>
internal sealed record MetricsOptions(Option<int?> Port, Option<string> Host)
{
    public static MetricsOptions Create() => new(
        new Option<int?>("--metrics-port") { Description = "Serve Prometheus metrics on http://HOST:PORT/metrics while the worker runs" },
        new Option<string>("--metrics-host")
        {
            Description = "The address --metrics-port listens on (a private interface for a Prometheus on another machine; /metrics needs no sign-in)",
            DefaultValueFactory = _ => "127.0.0.1",
        });

    /// <summary>The metrics server, started; null without --metrics-port.</summary>
    public IMetricServer? Serve(ParseResult parse, CliHost host)
    {
        if (parse.GetValue(Port) is not { } port)
        {
            return null;
        }

        var address = parse.GetValue(Host)!;
        if (port is < 1 or > ushort.MaxValue)
        {
            throw CliError.Usage($"{Port.Name} must be 1-{ushort.MaxValue}, not {port}");
        }

        try
        {
            return host.Get<MonthEndMetrics>().Serve(address, port);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            throw new CliError(ExitCode.Error, $"cannot serve metrics on {address}:{port}: {e.Message}", e);
        }
    }
}
