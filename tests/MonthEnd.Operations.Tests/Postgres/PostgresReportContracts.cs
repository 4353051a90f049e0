using MonthEnd.Operations.Tests.Reports;
using MonthEnd.Store.Tests.Postgres;

namespace MonthEnd.Operations.Tests.Postgres;

public sealed class PostgresReportOperations(CommittedBatch<PostgresTarget> batch) : ReportOperationsContract<PostgresTarget>(batch);
