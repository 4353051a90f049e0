using Microsoft.Extensions.Logging;

namespace MonthEnd.Operations.Logging;

/// <summary>The daily JSON-lines file as a logging provider; its levels are configured as Logging:File:LogLevel.</summary>
[ProviderAlias("File")]
public sealed class JsonLinesLoggerProvider(DailyLogFile file, TimeProvider clock) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new JsonLinesLogger(categoryName, file, clock);

    public void Dispose() => file.Dispose();
}
