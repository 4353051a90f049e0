using System.Diagnostics;
using MonthEnd.Core.Storage;

namespace MonthEnd.Sqlite;

/// <summary>
/// The pre-flight's probe (<see cref="IStoreProbe"/>): rows written into a table made for the probe in
/// the main file, behind the write lock, in a transaction rolled back; staging's folder and its free space.
/// </summary>
public sealed partial class SqliteStore : IStoreProbe
{
    public async Task<WriteProbe> ProbeWriteAsync(int rows, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        using var writing = await WriteGate.EnterAsync("write-speed probe", ct);
        using var connection = Database.Open();
        var clock = Stopwatch.StartNew();
        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            SqliteDatabase.Execute(connection, """
                CREATE TABLE monthend_write_probe (je_id INTEGER PRIMARY KEY, account_code TEXT NOT NULL, debit_amount INTEGER NOT NULL, description TEXT)
                """, transaction);
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO monthend_write_probe VALUES ($id, $account, $amount, $description)";
            var id = insert.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Integer);
            var account = insert.Parameters.Add("$account", Microsoft.Data.Sqlite.SqliteType.Text);
            var amount = insert.Parameters.Add("$amount", Microsoft.Data.Sqlite.SqliteType.Integer);
            var description = insert.Parameters.Add("$description", Microsoft.Data.Sqlite.SqliteType.Text);
            insert.Prepare();
            for (var i = 1; i <= rows; i++)
            {
                id.Value = i;
                account.Value = "4100-" + (i % 97);
                amount.Value = 40_000_000L + i;
                description.Value = "write-speed probe row";
                insert.ExecuteNonQuery();
            }

            // Rolled back: the probe measures the writes, not a commit that would leave them.
            transaction.Rollback();
        }

        return new WriteProbe(rows, clock.Elapsed);
    }

    public Task<StagingSpace> StagingSpaceAsync(CancellationToken ct)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(Database.Path))!;
        return Task.FromResult(new StagingSpace(Database.StagingDirectory, new DriveInfo(directory).AvailableFreeSpace));
    }
}
