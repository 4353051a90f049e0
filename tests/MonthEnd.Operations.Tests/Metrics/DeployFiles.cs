using System.Text.Json;
using System.Text.RegularExpressions;

namespace MonthEnd.Operations.Tests.Metrics;

/// <summary>The repository's deploy/ folder and the metric names its dashboard and alert rules query.</summary>
public static partial class DeployFiles
{
    public static string Root { get; } = FindRoot();

    public static string Deploy => Path.Combine(Root, "deploy");

    public static string Alerts => Path.Combine(Deploy, "prometheus", "alerts.yml");

    public static string AlertTests => Path.Combine(Deploy, "prometheus", "alerts.test.yml");

    public static string PrometheusConfig => Path.Combine(Deploy, "prometheus", "prometheus.yml");

    public static string Dashboard => Path.Combine(Deploy, "grafana", "monthend-dashboard.json");

    /// <summary>Every query of the dashboard: its panels' targets and its template variables.</summary>
    public static IReadOnlyList<string> DashboardQueries()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Dashboard));
        var root = document.RootElement;
        var queries = root.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)
            .ToList();
        queries.AddRange(root.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Where(v => v.GetProperty("type").GetString() == "query")
            .Select(v => v.GetProperty("definition").GetString()!));
        return queries;
    }

    /// <summary>The monthend_* names the dashboard's queries and the alert rules (comments left out) use.</summary>
    public static IReadOnlySet<string> MetricNamesUsed()
    {
        var rules = string.Join('\n', File.ReadAllLines(Alerts).Where(l => !l.TrimStart().StartsWith('#')));
        return MetricName().Matches(string.Join('\n', DashboardQueries()) + "\n" + rules).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
    }

    private static string FindRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "MonthEnd.slnx")))
        {
            root = root.Parent;
        }

        root.ShouldNotBeNull("the repository root (MonthEnd.slnx) above the test binaries");
        return root.FullName;
    }

    [GeneratedRegex("monthend_[a-z0-9_]+")]
    private static partial Regex MetricName();
}
