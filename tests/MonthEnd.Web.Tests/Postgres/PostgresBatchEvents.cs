using MonthEnd.Web.Tests.Contract;
using MonthEnd.Web.Tests.Infrastructure;

namespace MonthEnd.Web.Tests.Postgres;

/// <summary>On the PostgreSQL server of MONTHEND_TEST_PG, as the other suites use it.</summary>
public sealed class PostgresBatchEvents() : BatchEventsContract(() => new PostgresWebDatabase());
