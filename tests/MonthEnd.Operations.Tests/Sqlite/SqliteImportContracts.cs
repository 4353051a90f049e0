using MonthEnd.Operations.Tests.Contract;
using MonthEnd.Store.Tests.Sqlite;

namespace MonthEnd.Operations.Tests.Sqlite;

public sealed class SqliteImportOperations() : ImportOperationsContract(() => new SqliteTarget());

public sealed class SqliteGeneratedCsvRoundTrip() : GeneratedCsvRoundTrip(() => new SqliteTarget());
