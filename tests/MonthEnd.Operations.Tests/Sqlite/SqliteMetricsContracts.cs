using MonthEnd.Operations.Tests.Metrics;
using MonthEnd.Store.Tests.Sqlite;

namespace MonthEnd.Operations.Tests.Sqlite;

public sealed class SqliteMetrics(MetricsBatch<SqliteTarget> batch) : MetricsContract<SqliteTarget>(batch);
