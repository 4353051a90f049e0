using MonthEnd.Operations.Tests.Reports;
using MonthEnd.Store.Tests.Sqlite;

namespace MonthEnd.Operations.Tests.Sqlite;

public sealed class SqliteReportOperations(CommittedBatch<SqliteTarget> batch) : ReportOperationsContract<SqliteTarget>(batch);
