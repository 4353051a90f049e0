using System.Diagnostics;
using System.Text;

namespace MonthEnd.Operations.Tests.Metrics;

/// <summary>
/// deploy/prometheus checked by Prometheus' own promtool (Debian's prometheus package, installed by
/// scripts/promtool when missing; the test fails, never skips, when it cannot be had): the rules load,
/// each alert fires on the series of alerts.test.yml that should fire it and not on those that should
/// not, the scrape config is valid, and every dashboard query is PromQL Prometheus accepts.
/// </summary>
public sealed class AlertRulesTests
{
    [Fact]
    public async Task promtool_accepts_the_alert_rules()
    {
        var result = await PromtoolAsync("check", "rules", DeployFiles.Alerts);
        result.Output.ShouldContain("SUCCESS: 9 rules found");
    }

    [Fact]
    public async Task every_alert_fires_on_what_should_fire_it_and_not_on_what_should_not()
    {
        var result = await PromtoolAsync("test", "rules", DeployFiles.AlertTests);
        result.Output.ShouldContain("SUCCESS");
        var tested = File.ReadAllText(DeployFiles.AlertTests);
        foreach (var alert in AlertNames())
        {
            tested.ShouldContain($"alertname: {alert}", customMessage: $"alerts.test.yml does not test {alert}");
        }
    }

    [Fact]
    public async Task the_rule_tests_fail_when_an_alert_threshold_is_changed()
    {
        // The unit tests must be able to fail: the same tests over rules whose throughput threshold is 1,000/s.
        var folder = Directory.CreateTempSubdirectory("monthend-rules-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "alerts.yml"), File.ReadAllText(DeployFiles.Alerts).Replace("< 4000", "< 1000", StringComparison.Ordinal));
            File.Copy(DeployFiles.AlertTests, Path.Combine(folder, "alerts.test.yml"));
            var result = await PromtoolAsync(expectSuccess: false, "test", "rules", Path.Combine(folder, "alerts.test.yml"));
            result.Output.ShouldContain("alertname: MonthEndThroughputLow");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task promtool_accepts_the_scrape_config()
    {
        var result = await PromtoolAsync("check", "config", DeployFiles.PrometheusConfig);
        result.Output.ShouldContain("is valid prometheus config file syntax");
    }

    [Fact]
    public async Task every_dashboard_query_is_valid_promql()
    {
        // Each query as a recording rule, which promtool parses; the dashboard's variable as Grafana fills it in.
        var folder = Directory.CreateTempSubdirectory("monthend-dashboard-").FullName;
        try
        {
            var rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
            var queries = DeployFiles.DashboardQueries().Where(q => !q.StartsWith("label_values(", StringComparison.Ordinal)).ToList();
            queries.Count.ShouldBeGreaterThan(15);
            for (var i = 0; i < queries.Count; i++)
            {
                var expr = queries[i].Replace("$batch", ".*", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal);
                rules.Append($"      - record: dashboard_query_{i}\n        expr: '{expr}'\n");
            }

            var file = Path.Combine(folder, "dashboard.yml");
            File.WriteAllText(file, rules.ToString());
            var result = await PromtoolAsync("check", "rules", file);
            result.Output.ShouldContain($"SUCCESS: {queries.Count} rules found");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static IEnumerable<string> AlertNames() =>
        File.ReadAllLines(DeployFiles.Alerts).Select(l => l.Trim()).Where(l => l.StartsWith("- alert: ", StringComparison.Ordinal)).Select(l => l["- alert: ".Length..]);

    private static Task<(int Exit, string Output)> PromtoolAsync(params string[] args) => PromtoolAsync(true, args);

    private static async Task<(int Exit, string Output)> PromtoolAsync(bool expectSuccess, params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(DeployFiles.Root, "scripts", "promtool"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        var text = await output + await error;
        process.ExitCode.ShouldNotBe(127, $"promtool is needed for these tests and could not be installed: {text}");
        if (expectSuccess)
        {
            process.ExitCode.ShouldBe(0, $"promtool {string.Join(' ', args)}: {text}");
        }
        else
        {
            process.ExitCode.ShouldNotBe(0, $"promtool {string.Join(' ', args)} passed: {text}");
        }

        return (process.ExitCode, text);
    }
}
