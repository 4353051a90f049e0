using MonthEnd.Browser.Tests.Contract;
using MonthEnd.Browser.Tests.Infrastructure;
using MonthEnd.Web.Tests.Infrastructure;

namespace MonthEnd.Browser.Tests.Postgres;

/// <summary>On the PostgreSQL server of MONTHEND_TEST_PG, as the other suites use it.</summary>
public sealed class PostgresMonthEndInTheBrowser()
    : MonthEndInTheBrowserContract(() => new PostgresWebDatabase(), db => new PostgresLedgerOracle(db.Connection), "postgres");
