using Microsoft.Data.Sqlite;
using MonthEnd.Sqlite.Migrations;

namespace MonthEnd.Sqlite.Staging;

/// <summary>A batch's own staging database file: a table pair per partition, and views over them.</summary>
internal static class StagingFile
{
    /// <summary>
    /// Creates a batch's staging file. It is built under a temporary name and renamed into place, so
    /// a crash part way never leaves a half-made file where a later run would find it.
    /// </summary>
    public static void Create(string path, string batchId, IReadOnlyList<int> partitions)
    {
        if (partitions.Count > StagingTables.MaxPartitions)
        {
            throw new InvalidOperationException($"SQLite staging holds at most {StagingTables.MaxPartitions} partitions, not {partitions.Count}");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var building = path + ".building";
        Delete(building);
        Build(building, batchId, partitions);
        File.Move(building, path, overwrite: false);
    }

    private static void Build(string path, string batchId, IReadOnlyList<int> partitions)
    {
        using var connection = SqliteDatabase.OpenFile(path);
        SqliteMigrator.Migrate(connection, "Staging");
        using var transaction = connection.BeginTransaction(deferred: false);
        // First, before any page of this transaction could spill with the next counter.
        StagingWriteChain.Start(connection, transaction, "main");
        foreach (var partition in partitions)
        {
            SqliteDatabase.Execute(connection, StagingTables.Create(partition), transaction);
        }

        if (partitions.Count > 0)
        {
            SqliteDatabase.Execute(connection, StagingTables.Views(partitions), transaction);
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO staging_file (batch_id, created_at) VALUES (@b, {SqliteDatabase.NowText})";
        command.Parameters.AddWithValue("@b", batchId);
        command.ExecuteNonQuery();
        transaction.Commit();
        connection.Close();
        Delete(path + "-journal");
    }

    public static void Delete(string path)
    {
        foreach (var file in new[] { path, path + "-journal" })
        {
            if (File.Exists(file))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>
    /// Removes a staging file's leftover journal when it is empty (TRUNCATE mode leaves a 0-byte file);
    /// a non-empty one would be a hot journal and is left for SQLite to roll back.
    /// </summary>
    public static void DeleteEmptyJournal(string path)
    {
        var journal = new FileInfo(path + "-journal");
        if (journal.Exists && journal.Length == 0)
        {
            journal.Delete();
        }
    }

    /// <summary>Which batch a staging file belongs to, so that a file is never attached to the wrong batch.</summary>
    public static void EnsureBelongsTo(SqliteConnection connection, string batchId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT batch_id FROM {SqliteDatabase.StagingSchema}.staging_file";
        var owner = command.ExecuteScalar() as string;
        if (owner != batchId)
        {
            throw new InvalidOperationException($"staging file of batch {batchId} belongs to batch '{owner}'");
        }
    }
}
