using MonthEnd.Browser.Tests.Contract;
using MonthEnd.Browser.Tests.Infrastructure;
using MonthEnd.Web.Tests.Infrastructure;

namespace MonthEnd.Browser.Tests.Sqlite;

public sealed class SqliteMonthEndInTheBrowser()
    : MonthEndInTheBrowserContract(() => new SqliteWebDatabase(), db => new SqliteLedgerOracle(db.Connection), "sqlite");
