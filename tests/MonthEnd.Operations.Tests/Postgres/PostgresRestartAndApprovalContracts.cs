using MonthEnd.Operations.Tests.Contract;
using MonthEnd.Store.Tests.Postgres;

namespace MonthEnd.Operations.Tests.Postgres;

public sealed class PostgresPartitionRestartOperations() : PartitionRestartOperationsContract(() => new PostgresTarget())
{
    protected override string TablesSql => "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()";
}

public sealed class PostgresApprovalListing() : ApprovalListingContract(() => new PostgresTarget());
