using MonthEnd.Operations.Tests.Contract;
using MonthEnd.Store.Tests.Sqlite;

namespace MonthEnd.Operations.Tests.Sqlite;

public sealed class SqliteAccessMatrix() : AccessMatrixContract(() => new SqliteTarget())
{
    protected override string TablesSql => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
}

public sealed class SqliteLifecycle() : LifecycleContract(() => new SqliteTarget());

public sealed class SqliteReversal() : ReversalContract(() => new SqliteTarget());
public sealed class SqliteTokenUse() : TokenUseContract(() => new SqliteTarget());
