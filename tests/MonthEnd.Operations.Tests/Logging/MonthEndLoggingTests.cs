using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MonthEnd.Core.Privacy;
using MonthEnd.Operations.Logging;
using MonthEnd.Operations.Privacy;

namespace MonthEnd.Operations.Tests.Logging;

public sealed partial class MonthEndLoggingTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "monthend-log-tests", Guid.NewGuid().ToString("N")[..12]);

    [LoggerMessage(Level = LogLevel.Information, Message = "holder {Holder} of {Name} paid {Amount}")]
    private static partial void LogPaid(ILogger logger, [MaskedData] string holder, [PersonalData] string name, long amount);

    [LoggerMessage(Level = LogLevel.Debug, Message = "detail for {Holder}")]
    private static partial void LogDetail(ILogger logger, [MaskedData] string holder);

    /// <summary>Logging wired as a host wires it: levels from the configuration's Logging section, then the product's logging.</summary>
    private static ServiceProvider Services(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        return new ServiceCollection()
            .AddMonthEndRedaction()
            .AddLogging(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddMonthEndLogging(configuration))
            .BuildServiceProvider();
    }

    private string TodaysFile => Path.Combine(_directory, $"monthend-{DateTime.UtcNow:yyyy-MM-dd}.jsonl");

    [Fact]
    public void a_classified_parameter_is_written_to_the_days_file_only_as_the_redactor_shows_it()
    {
        using (var services = Services((MonthEndLogging.PathKey, _directory)))
        {
            var log = services.GetRequiredService<ILogger<MonthEndLoggingTests>>();
            LogPaid(log, "3174051203850001", "Budi Santoso", 1_000);
        }

        var line = File.ReadAllLines(TodaysFile).ShouldHaveSingleItem();
        line.ShouldNotContain("3174051203850001");
        line.ShouldNotContain("Budi");
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        root.GetProperty("message").GetString().ShouldBe("holder ************0001 of  paid 1000");
        root.GetProperty("level").GetString().ShouldBe("Information");
        root.GetProperty("category").GetString().ShouldBe(typeof(MonthEndLoggingTests).FullName);
        root.GetProperty("event").GetString().ShouldBe("LogPaid");
        root.GetProperty("fields").GetProperty("Holder").GetString().ShouldBe("************0001");
        root.GetProperty("fields").GetProperty("Amount").GetInt64().ShouldBe(1_000);
        root.GetProperty("template").GetString().ShouldBe("holder {Holder} of {Name} paid {Amount}");
    }

    [Fact]
    public void levels_are_configured_as_for_any_provider()
    {
        using (var services = Services((MonthEndLogging.PathKey, _directory), ("Logging:LogLevel:Default", "Debug")))
        {
            var log = services.GetRequiredService<ILogger<MonthEndLoggingTests>>();
            LogDetail(log, "PH00417752");
        }

        using (var services = Services((MonthEndLogging.PathKey, _directory)))
        {
            var log = services.GetRequiredService<ILogger<MonthEndLoggingTests>>();
            LogDetail(log, "PH00417753");
        }

        File.ReadAllLines(TodaysFile).ShouldHaveSingleItem().ShouldContain("******7752");
    }

    [Fact]
    public void without_a_path_no_file_is_written()
    {
        using (var services = Services())
        {
            var log = services.GetRequiredService<ILogger<MonthEndLoggingTests>>();
            LogPaid(log, "3174051203850001", "Budi Santoso", 1_000);
        }

        Directory.Exists(_directory).ShouldBeFalse();
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
