using MonthEnd.Core.Diagnostics;
using Npgsql;
using Polly;
using Polly.Retry;

namespace MonthEnd.Postgres.Resilience;

/// <summary>
/// Retries an operation that failed on a transient error with exponential backoff and jitter,
/// dropping the pool's idle connections first (after a server restart they are all dead).
/// Every operation opens its own connection, so a retry is a reconnect.
/// </summary>
public static class PostgresResilience
{
    public static ResiliencePipeline Build(PostgresOptions options, NpgsqlDataSource dataSource) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(TransientErrors.IsTransient),
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                OnRetry = _ =>
                {
                    StoreTelemetry.TransientErrors.Add(1, new KeyValuePair<string, object?>(StoreTelemetry.StoreTag, "postgresql"));
                    dataSource.Clear();
                    return default;
                },
            })
            .Build();
}
