using System.Diagnostics.Metrics;

namespace MonthEnd.Core.Diagnostics;

/// <summary>
/// What a store does that no table records: transient database errors it retried (a lost connection,
/// a server restart, a serialization failure). Published as .NET metrics under <see cref="MeterName"/>;
/// a host that exports metrics listens to them.
/// </summary>
public static class StoreTelemetry
{
    public const string MeterName = "MonthEnd.Store";

    public const string TransientErrorsName = "monthend.store.transient_errors";

    /// <summary>The tag naming the store ("postgresql").</summary>
    public const string StoreTag = "store";

    private static readonly Meter Meter = new(MeterName);

    public static Counter<long> TransientErrors { get; } =
        Meter.CreateCounter<long>(TransientErrorsName, "{error}", "Transient database errors retried with backoff");
}
