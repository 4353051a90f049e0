using MonthEnd.Operations.Tests.Contract;
using MonthEnd.Store.Tests.Sqlite;

namespace MonthEnd.Operations.Tests.Sqlite;

public sealed class SqlitePartitionRestartOperations() : PartitionRestartOperationsContract(() => new SqliteTarget())
{
    protected override string TablesSql => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
}

public sealed class SqliteApprovalListing() : ApprovalListingContract(() => new SqliteTarget());
