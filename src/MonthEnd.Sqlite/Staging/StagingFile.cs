using Microsoft.Data.Sqlite;
using MonthEnd.Sqlite.Migrations;

namespace MonthEnd.Sqlite.Staging;

/// <summary>A batch's own staging database file (staging_je_header, staging_je_line).</summary>
internal static class StagingFile
{
    /// <summary>Creates a fresh staging file; a leftover of an interrupted creation for the same new batch is replaced.</summary>
    public static void Create(string path, string batchId)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Delete(path);
        using var connection = SqliteDatabase.OpenFile(path);
        SqliteMigrator.Migrate(connection, "Staging");
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO staging_file (batch_id, created_at) VALUES (@b, {SqliteDatabase.NowText})";
        command.Parameters.AddWithValue("@b", batchId);
        command.ExecuteNonQuery();
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
