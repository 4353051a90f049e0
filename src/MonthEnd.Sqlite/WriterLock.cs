using System.Diagnostics;
using MonthEnd.Core.Storage;

namespace MonthEnd.Sqlite;

/// <summary>
/// The database's one writer, across the threads of this process and across processes (two `run`s,
/// a `run` and `worker`s). Every transaction that writes, to the main file or to a staging file,
/// holds it from BEGIN to COMMIT.
/// </summary>
/// <remarks>
/// THE LOCK ORDER, everywhere: (1) this process's gate, (2) the writer lock file beside the
/// database (an OS lock, released by the OS if the holder dies), (3) SQLite's lock on the main
/// file, (4) SQLite's lock on the batch's staging file. Without (2), a worker's chunk write
/// (reading the lease in main, then writing staging) and another process's control write (BEGIN
/// IMMEDIATE on main and staging, then waiting for main's EXCLUSIVE lock) each held what the other
/// waited for: SQLite sees one file at a time and cannot tell, so both waited out their busy
/// timeouts, again and again. With (2) only one transaction writes at a time, and a reader never
/// waits on a writer while holding a staging lock (a statement locks main before staging), so
/// no cycle is left; every wait here is bounded and ends naming the holder.
/// </remarks>
internal sealed class WriterLock(string databasePath, TimeSpan maxWait) : IDisposable
{
    private static readonly string Process = $"pid {Environment.ProcessId} (monthend {string.Join(' ', Environment.GetCommandLineArgs().Skip(1))})";
    private readonly SemaphoreSlim _inProcess = new(1, 1);
    private readonly string _lockFile = databasePath + ".writer-lock";
    private readonly string _holderFile = databasePath + ".writer-holder";
    private string _heldFor = "";

    public TimeSpan MaxWait { get; } = maxWait;

    /// <summary>Waits, at most <see cref="MaxWait"/>, until this caller is the database's only writer; <paramref name="doing"/> is shown to whoever waits on it.</summary>
    public async Task<IDisposable> EnterAsync(string doing, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        if (!await _inProcess.WaitAsync(MaxWait, ct))
        {
            throw Busy(Describe(_heldFor), waited.Elapsed);
        }

        try
        {
            var file = await LockFileAsync(waited, ct);
            _heldFor = $"{Process}: {doing}, since {DateTime.UtcNow:HH:mm:ss}Z";
            TryWriteHolder(_heldFor);
            return new Held(this, file);
        }
        catch
        {
            _inProcess.Release();
            throw;
        }
    }

    public void Dispose() => _inProcess.Dispose();

    /// <summary>Polls the OS lock (a short sleep between tries: .NET offers no blocking wait on it).</summary>
    private async Task<FileStream> LockFileAsync(Stopwatch waited, CancellationToken ct)
    {
        var pause = 1;
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive flock on Unix and a sharing lock on Windows.
                return new FileStream(_lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            }
            catch (IOException e) when (HeldElsewhere(e))
            {
                if (waited.Elapsed >= MaxWait)
                {
                    throw Busy(ReadHolder(), waited.Elapsed);
                }

                await Task.Delay(pause, ct);
                pause = Math.Min(pause * 2, 25);
            }
            catch (DirectoryNotFoundException)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(_lockFile)!);
            }
        }
    }

    /// <summary>
    /// The lock is someone else's: .NET reports it as an IOException carrying the OS error, EAGAIN from
    /// flock on Linux (11) and macOS (35), ERROR_SHARING_VIOLATION (32) on Windows.
    /// </summary>
    private static bool HeldElsewhere(IOException e) =>
        e.HResult is 11 or 35 || (e.HResult & 0xFFFF) == 32;

    private StoreBusyException Busy(string holder, TimeSpan waited) =>
        new($"SQLite {databasePath}", holder, waited);

    private static string Describe(string heldFor) => heldFor.Length == 0 ? "another thread of this process" : heldFor;

    private void TryWriteHolder(string text)
    {
        try
        {
            File.WriteAllText(_holderFile, text);
        }
        catch (IOException)
        {
            // Only a waiter's message reads it; the lock itself does not depend on it.
        }
    }

    private string ReadHolder()
    {
        try
        {
            return File.Exists(_holderFile) ? File.ReadAllText(_holderFile) : "another process";
        }
        catch (IOException)
        {
            return "another process";
        }
    }

    private sealed class Held(WriterLock owner, FileStream file) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                file.Dispose();
                owner._inProcess.Release();
            }
        }
    }
}
