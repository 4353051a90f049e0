using System.Text;
using MonthEnd.Operations.Logging;

namespace MonthEnd.Operations.Tests.Logging;

public sealed class DailyLogFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "monthend-log-tests", Guid.NewGuid().ToString("N")[..12]);

    private static readonly DateTimeOffset Noon = new(2025, 1, 31, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void each_utc_day_has_its_file()
    {
        using (var log = new DailyLogFile(_directory))
        {
            log.Append("one\n"u8, Noon);
            log.Append("two\n"u8, Noon.AddHours(13));
        }

        File.ReadAllText(Path.Combine(_directory, "monthend-2025-01-31.jsonl")).ShouldBe("one\n");
        File.ReadAllText(Path.Combine(_directory, "monthend-2025-02-01.jsonl")).ShouldBe("two\n");
    }

    [Fact]
    public async Task writers_that_share_the_days_file_as_processes_do_append_whole_lines_after_each_other()
    {
        // Two instances share nothing but the file and the machine-wide mutex, as two processes would.
        const int perWriter = 2_000;
        var lines = Enumerable.Range(0, 2).Select(w => Task.Run(() =>
        {
            using var log = new DailyLogFile(_directory);
            for (var i = 0; i < perWriter; i++)
            {
                log.Append(Encoding.UTF8.GetBytes($"writer {w} line {i} {new string('x', 100)}\n"), Noon);
            }
        }));
        await Task.WhenAll(lines);

        var written = File.ReadAllLines(Path.Combine(_directory, "monthend-2025-01-31.jsonl"));
        written.Length.ShouldBe(2 * perWriter);
        written.ShouldAllBe(line => line.EndsWith(new string('x', 100), StringComparison.Ordinal) && line.StartsWith("writer ", StringComparison.Ordinal));
        written.Distinct().Count().ShouldBe(2 * perWriter);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void a_new_file_is_readable_by_its_owner_and_group_only()
    {
        using (var log = new DailyLogFile(_directory))
        {
            log.Append("one\n"u8, Noon);
        }

        File.GetUnixFileMode(Path.Combine(_directory, "monthend-2025-01-31.jsonl"))
            .ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
