using MonthEnd.Web.Tests.Contract;
using MonthEnd.Web.Tests.Infrastructure;

namespace MonthEnd.Web.Tests.Sqlite;

public sealed class SqliteApiBatch() : ApiBatchContract(() => new SqliteWebDatabase());
