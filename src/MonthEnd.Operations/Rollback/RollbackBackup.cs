using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Rollback;

namespace MonthEnd.Operations.Rollback;

/// <summary>Where a rollback's backup went, what it holds, and its SHA-256 (also in FILE.sha256, as sha256sum writes it).</summary>
public sealed record BackupFile(string Path, string Sha256, BatchFootprint Holds);

/// <summary>
/// The backup a committed rollback writes before it changes anything: every row it will remove or
/// change, as stored, gzip-compressed JSON lines. The first line describes the batch; then, per
/// table, a line with the table and its columns followed by one JSON array per row. The file holds
/// personal data from the source rows, so it is readable by its owner only.
/// </summary>
public static class RollbackBackup
{
    public const string Format = "monthend-rollback-backup";

    public static async Task<BackupFile> WriteAsync(
        string directory, BatchRecord batch, string writtenBy, DateTimeOffset now, IAsyncEnumerable<FootprintRow> rows, CancellationToken ct)
    {
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory,
            $"{batch.BatchId}-rollback-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.jsonl.gz"));
        CreatePrivateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var file = CreatePrivateFile(path))
        {
            await using var gzip = new GZipStream(file, CompressionLevel.Fastest);
            await using var json = new Utf8JsonWriter(gzip);
            WriteLine(json, gzip, w => JsonSerializer.Serialize(w, new
            {
                format = Format, version = 1, batch_id = batch.BatchId, period = batch.Period.ToString(),
                je_first = batch.Sequence.First, je_last = batch.Sequence.Last, written_by = writtenBy, written_at = now,
            }));
            string? table = null;
            await foreach (var row in rows.WithCancellation(ct))
            {
                if (row.Table != table)
                {
                    table = row.Table;
                    WriteLine(json, gzip, w => JsonSerializer.Serialize(w, new { table = row.Table, columns = row.Columns }));
                }

                counts[row.Table] = counts.GetValueOrDefault(row.Table) + 1;
                WriteLine(json, gzip, w => WriteValues(w, row.Values));
            }
        }

        string sha;
        await using (var written = File.OpenRead(path))
        {
            sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(written, ct));
        }

        await File.WriteAllTextAsync(path + ".sha256", $"{sha}  {System.IO.Path.GetFileName(path)}\n", ct);
        return new BackupFile(path, sha, new BatchFootprint(
            counts.GetValueOrDefault("journal_entry_header"), counts.GetValueOrDefault("journal_entry_line"),
            counts.GetValueOrDefault("premium_transaction"), counts.GetValueOrDefault("claims_transaction")));
    }

    private static void WriteLine(Utf8JsonWriter json, Stream stream, Action<Utf8JsonWriter> write)
    {
        write(json);
        json.Flush();
        json.Reset();
        stream.WriteByte((byte)'\n');
    }

    private static void WriteValues(Utf8JsonWriter w, object?[] values)
    {
        w.WriteStartArray();
        foreach (var value in values)
        {
            switch (value)
            {
                case null: w.WriteNullValue(); break;
                case long l: w.WriteNumberValue(l); break;
                case int i: w.WriteNumberValue(i); break;
                case short s: w.WriteNumberValue(s); break;
                case decimal d: w.WriteNumberValue(d); break;
                // A REAL in a source column (SQLite keeps what it is given): written as its round-trip text.
                case double f: w.WriteStringValue(f.ToString("R", CultureInfo.InvariantCulture)); break;
                case bool b: w.WriteBooleanValue(b); break;
                case string t: w.WriteStringValue(t); break;
                case DateOnly d: w.WriteStringValue(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
                case DateTime t: w.WriteStringValue(t.ToString("O", CultureInfo.InvariantCulture)); break;
                case DateTimeOffset t: w.WriteStringValue(t.ToString("O", CultureInfo.InvariantCulture)); break;
                case byte[] bytes: w.WriteBase64StringValue(bytes); break;
                default: w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            }
        }

        w.WriteEndArray();
    }

    private static void CreatePrivateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static FileStream CreatePrivateFile(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 1 << 16 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }
}
