using MonthEnd.Operations.Tests.Contract;
using MonthEnd.Store.Tests.Postgres;

namespace MonthEnd.Operations.Tests.Postgres;

public sealed class PostgresImportOperations() : ImportOperationsContract(() => new PostgresTarget());

public sealed class PostgresGeneratedCsvRoundTrip() : GeneratedCsvRoundTrip(() => new PostgresTarget());
