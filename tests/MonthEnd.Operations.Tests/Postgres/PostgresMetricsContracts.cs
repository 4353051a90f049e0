using MonthEnd.Operations.Tests.Metrics;
using MonthEnd.Store.Tests.Postgres;

namespace MonthEnd.Operations.Tests.Postgres;

public sealed class PostgresMetrics(MetricsBatch<PostgresTarget> batch) : MetricsContract<PostgresTarget>(batch);
