using Microsoft.Extensions.DependencyInjection;
using MonthEnd.Metrics;
using MonthEnd.Sqlite;

namespace MonthEnd.Operations.Tests.Metrics;

/// <summary>A scrape when the database cannot be read: it still answers, and says so.</summary>
public sealed class UnreadableDatabaseTests
{
    [Fact]
    public async Task a_scrape_of_a_database_that_cannot_be_read_answers_with_database_up_0_and_counts_the_error()
    {
        var folder = Directory.CreateTempSubdirectory("monthend-metrics-").FullName;
        var path = Path.Combine(folder, "monthend.db");
        await File.WriteAllBytesAsync(path, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7))]);
        try
        {
            await using (var services = new ServiceCollection().AddLogging().AddMonthEndStore(_ => new SqliteStore(path)).AddMonthEndMetrics().BuildServiceProvider())
            {
                var metrics = services.GetRequiredService<MonthEndMetrics>();
                var first = Exposition.Parse(await metrics.ScrapeAsync(CancellationToken.None));
                var second = Exposition.Parse(await metrics.ScrapeAsync(CancellationToken.None));

                first.Value("monthend_database_up").ShouldBe(0);
                first.Value("monthend_database_read_errors_total").ShouldBe(1);
                second.Value("monthend_database_read_errors_total").ShouldBe(2);
                second.Samples.ShouldNotContain(s => s.Name.StartsWith("monthend_batch_", StringComparison.Ordinal));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
