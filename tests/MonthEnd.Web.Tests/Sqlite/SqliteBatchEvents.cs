using MonthEnd.Web.Tests.Contract;
using MonthEnd.Web.Tests.Infrastructure;

namespace MonthEnd.Web.Tests.Sqlite;

public sealed class SqliteBatchEvents() : BatchEventsContract(() => new SqliteWebDatabase());
