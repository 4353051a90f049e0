using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace MonthEnd.Operations.Logging;

/// <summary>
/// Every host's logging: redaction enabled, so each [LoggerMessage] parameter classified as personal
/// data (e.g. <see cref="Core.Privacy.MaskedDataAttribute"/>) reaches every provider, and the message
/// built from it, only as the product's redactor shows it; and, when <see cref="PathKey"/> names a
/// directory, structured logs there, one JSON-lines file per UTC day (<see cref="DailyLogFile"/>).
/// </summary>
/// <remarks>
/// No file by default: where logs go, who may read them and how long they are kept are the
/// operator's decisions, and a command run by hand already shows what it does, while the audit
/// trail keeps every operation. Set Logging:File:Path in appsettings.json or MONTHEND_LOGGING__FILE__PATH.
/// </remarks>
public static class MonthEndLogging
{
    public const string PathKey = "Logging:File:Path";

    public static ILoggingBuilder AddMonthEndLogging(this ILoggingBuilder logging, IConfiguration configuration)
    {
        // Without this the redactor would be handed "value:TagName" (a discriminator meant for hashing
        // redactors) and the last four characters shown would be the tag's.
        logging.EnableRedaction(options => options.ApplyDiscriminator = false);
        if (configuration[PathKey] is { Length: > 0 } directory)
        {
            logging.AddProvider(new JsonLinesLoggerProvider(new DailyLogFile(directory), TimeProvider.System));
        }

        return logging;
    }
}
