using MonthEnd.Store.Tests.Contract;

namespace MonthEnd.Store.Tests.Sqlite;

public sealed class SqliteSourceImport() : SourceImportContract(() => new SqliteTarget());
