using MonthEnd.Operations.Tests.Contract;
using MonthEnd.Store.Tests.Postgres;

namespace MonthEnd.Operations.Tests.Postgres;

public sealed class PostgresAccessMatrix() : AccessMatrixContract(() => new PostgresTarget())
{
    protected override string TablesSql => "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()";
}

public sealed class PostgresLifecycle() : LifecycleContract(() => new PostgresTarget());

public sealed class PostgresReversal() : ReversalContract(() => new PostgresTarget())
{
    protected override string SealedStep => "index staging ∥ staging as its chunks sealed it";
}
public sealed class PostgresTokenUse() : TokenUseContract(() => new PostgresTarget());
