using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace MonthEnd.Operations.Logging;

/// <summary>
/// Log lines appended to one file per UTC day, <c>monthend-YYYY-MM-DD.jsonl</c> in a directory. A run
/// and its worker processes log to the same day's file, so each line is appended whole under a
/// mutex named after the directory, which every process on the machine shares (.NET could not do it
/// with an append-mode stream alone: it writes at the offset it remembers, not at the file's end).
/// A file that cannot be written is said once on standard error, and logging stops; the command
/// goes on, as the audit trail, not the log, is the record of what was done.
/// </summary>
public sealed class DailyLogFile : IDisposable
{
    private static readonly TimeSpan MutexPatience = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private readonly Mutex? _machineWide;
    private FileStream? _file;
    private DateOnly _day;
    private bool _broken;

    public DailyLogFile(string directory)
    {
        Directory = Path.GetFullPath(directory);
        try
        {
            _machineWide = new Mutex(false, MutexName(Directory));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or WaitHandleCannotBeOpenedException)
        {
            // Another user's processes made the mutex: lines stay whole within this process, and the
            // kernel appends small writes of several processes apart in practice.
            _machineWide = null;
        }
    }

    public string Directory { get; }

    public string PathOf(DateOnly day) => Path.Combine(Directory, $"monthend-{day:yyyy-MM-dd}.jsonl");

    public void Append(ReadOnlySpan<byte> line, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (_broken)
            {
                return;
            }

            var owned = Enter();
            try
            {
                // At the file's length now, not where this process last wrote: other processes append too.
                var file = FileFor(DateOnly.FromDateTime(at.UtcDateTime));
                RandomAccess.Write(file, line, RandomAccess.GetLength(file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _broken = true;
                Console.Error.WriteLine($"warning: cannot write the log file in {Directory}: {e.Message}; logging to it stops, the command goes on");
            }
            finally
            {
                if (owned)
                {
                    _machineWide!.ReleaseMutex();
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
            _broken = true;
        }

        _machineWide?.Dispose();
    }

    private SafeFileHandle FileFor(DateOnly day)
    {
        if (_file is not null && day == _day)
        {
            return _file.SafeFileHandle;
        }

        _file?.Dispose();
        System.IO.Directory.CreateDirectory(Directory);
        var open = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            // Masked as its content is, a log tells who ran what: the owner writes it, the group may read it.
            open.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        }

        // Written through its handle only (RandomAccess), never through the stream's own position.
        _file = new FileStream(PathOf(day), open);
        _day = day;
        return _file.SafeFileHandle;
    }

    private bool Enter()
    {
        if (_machineWide is null)
        {
            return false;
        }

        try
        {
            // Held for one write; should another process hang holding it, the line goes out unguarded rather than never.
            return _machineWide.WaitOne(MutexPatience);
        }
        catch (AbandonedMutexException)
        {
            return true; // a process died holding it (kill -9): the mutex is now this one's
        }
    }

    private static string MutexName(string directory) =>
        "Global\\monthend-log-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(directory)))[..32];
}
