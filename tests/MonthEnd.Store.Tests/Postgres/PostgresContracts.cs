using MonthEnd.Store.Tests.Contract;

namespace MonthEnd.Store.Tests.Postgres;

public sealed class PostgresBatchLifecycle() : BatchLifecycleContract(() => new PostgresTarget());

public sealed class PostgresValidation() : ValidationContract(() => new PostgresTarget());

public sealed class PostgresSourceRules() : SourceRulesContract(() => new PostgresTarget());

public sealed class PostgresWorkerLeases() : WorkerLeaseContract(() => new PostgresTarget());
