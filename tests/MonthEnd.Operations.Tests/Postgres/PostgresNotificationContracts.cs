using MonthEnd.Operations.Tests.Notifications;
using MonthEnd.Store.Tests.Postgres;

namespace MonthEnd.Operations.Tests.Postgres;

public sealed class PostgresNotifications() : NotificationContract(() => new PostgresTarget());
