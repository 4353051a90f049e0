using MonthEnd.Operations.Tests.Notifications;
using MonthEnd.Store.Tests.Sqlite;

namespace MonthEnd.Operations.Tests.Sqlite;

public sealed class SqliteNotifications() : NotificationContract(() => new SqliteTarget());
