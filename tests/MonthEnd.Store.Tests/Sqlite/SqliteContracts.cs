using MonthEnd.Store.Tests.Contract;

namespace MonthEnd.Store.Tests.Sqlite;

public sealed class SqliteBatchLifecycle() : BatchLifecycleContract(() => new SqliteTarget());

public sealed class SqliteValidation() : ValidationContract(() => new SqliteTarget());

public sealed class SqliteSourceRules() : SourceRulesContract(() => new SqliteTarget());

public sealed class SqliteWorkerLeases() : WorkerLeaseContract(() => new SqliteTarget());
