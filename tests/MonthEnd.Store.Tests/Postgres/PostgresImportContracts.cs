using MonthEnd.Store.Tests.Contract;

namespace MonthEnd.Store.Tests.Postgres;

public sealed class PostgresSourceImport() : SourceImportContract(() => new PostgresTarget());
