using System.Net.Sockets;
using Npgsql;

namespace MonthEnd.Postgres.Resilience;

/// <summary>
/// The database errors worth retrying: the connection went away (network, server restart, admin
/// shutdown, too many clients) or the transaction lost a race (serialization failure, deadlock).
/// Anything else is a real error and fails the operation at once.
/// </summary>
public static class TransientErrors
{
    private static readonly HashSet<string> States =
    [
        PostgresErrorCodes.SerializationFailure,
        PostgresErrorCodes.DeadlockDetected,
        PostgresErrorCodes.AdminShutdown,
        PostgresErrorCodes.CrashShutdown,
        PostgresErrorCodes.CannotConnectNow,
        PostgresErrorCodes.TooManyConnections,
        PostgresErrorCodes.ConnectionException,
        PostgresErrorCodes.ConnectionDoesNotExist,
        PostgresErrorCodes.ConnectionFailure,
        PostgresErrorCodes.SqlClientUnableToEstablishSqlConnection,
        PostgresErrorCodes.SqlServerRejectedEstablishmentOfSqlConnection,
        PostgresErrorCodes.TransactionResolutionUnknown,
        PostgresErrorCodes.LockNotAvailable,
    ];

    public static bool IsTransient(Exception e) => e switch
    {
        PostgresException pg => States.Contains(pg.SqlState),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or SocketException or TimeoutException,
        IOException or SocketException or TimeoutException => true,
        _ => false,
    };
}
