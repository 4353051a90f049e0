using System.Text.Json;

namespace MonthEnd.Operations.Tests.Metrics;

/// <summary>deploy/grafana/monthend-dashboard.json is a dashboard Grafana lays out: ids, grid, data source, the panels SOP 1 watches.</summary>
public sealed class DashboardTests
{
    [Fact]
    public void every_panel_has_its_own_id_a_place_on_the_grid_and_queries_through_the_dashboards_data_source()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(DeployFiles.Dashboard));
        var panels = document.RootElement.GetProperty("panels").EnumerateArray().ToList();

        panels.Select(p => p.GetProperty("id").GetInt32()).ShouldBeUnique();
        foreach (var panel in panels)
        {
            var title = panel.GetProperty("title").GetString();
            var grid = panel.GetProperty("gridPos");
            (grid.GetProperty("x").GetInt32() + grid.GetProperty("w").GetInt32()).ShouldBeLessThanOrEqualTo(24, title);
            grid.GetProperty("h").GetInt32().ShouldBeGreaterThan(0, title);
            if (panel.GetProperty("type").GetString() == "row")
            {
                continue;
            }

            panel.GetProperty("datasource").GetProperty("uid").GetString().ShouldBe("${datasource}", title);
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            targets.ShouldNotBeEmpty(title);
            targets.Select(t => t.GetProperty("refId").GetString()).ShouldBeUnique(title);
        }
    }

    [Fact]
    public void the_dashboard_shows_what_sop_1_watches()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(DeployFiles.Dashboard));
        var titles = document.RootElement.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("title").GetString()).ToList();

        titles.ShouldContain("Throughput against the 5,556/s target");
        titles.ShouldContain("Records processed of expected");
        titles.ShouldContain("ETA");
        titles.ShouldContain("Partitions by state");
        titles.ShouldContain("Workers running");
        titles.ShouldContain("Heartbeat age by worker");
        titles.ShouldContain("Phase durations");
        titles.ShouldContain("Batch status");
        DeployFiles.DashboardQueries().ShouldContain("vector(5556)");
    }
}
