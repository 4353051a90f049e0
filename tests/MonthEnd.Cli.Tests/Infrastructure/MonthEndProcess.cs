using System.Diagnostics;

namespace MonthEnd.Cli.Tests.Infrastructure;

/// <summary>Starts the real CLI (<c>dotnet monthend.dll …</c>, built next to the tests) as a child process.</summary>
public static class MonthEndProcess
{
    /// <summary>A hang guard only: no test asserts on time, but none may wait forever.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);

    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "monthend.dll");

    public static async Task<CliResult> RunAsync(string workingDirectory, params string[] args)
    {
        using var running = Start(workingDirectory, args);
        return await running.WaitAsync();
    }

    public static async Task<CliResult> RunAsync(string workingDirectory, string[] args, IReadOnlyDictionary<string, string?> environment)
    {
        using var running = Start(workingDirectory, args, environment);
        return await running.WaitAsync();
    }

    public static RunningCli Start(string workingDirectory, params string[] args) => Start(workingDirectory, args, null);

    /// <param name="environment">Variables to set (null value: remove) on top of the test identity.</param>
    public static RunningCli Start(string workingDirectory, string[] args, IReadOnlyDictionary<string, string?>? environment)
    {
        File.Exists(Dll).ShouldBeTrue($"monthend.dll is not in the test output folder {AppContext.BaseDirectory}");
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The child must see only what the test gives it: no database from the environment, no
        // debug mode that turns error messages into stack traces, no colours in the captured text.
        info.Environment.Remove("MONTHEND_DB");
        info.Environment.Remove("MONTHEND_DEBUG");
        info.Environment.Remove("MONTHEND_TOKEN");
        info.Environment.Remove("MONTHEND_AUDIT_KEY");
        info.Environment["MONTHEND_USER"] = TestIdentity.Admin;
        info.Environment["MONTHEND_PASSWORD"] = TestIdentity.Password;
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        // The product turns tiered compilation off for its long batches; most test processes live under
        // a second, where tiering starts them about 0.35 s sooner (hundreds of processes per run).
        info.Environment["DOTNET_TieredCompilation"] = "1";
        info.Environment["NO_COLOR"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet monthend.dll");
        process.StandardInput.Close();
        return new RunningCli(process, string.Join(' ', args));
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        return Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}

/// <summary>A monthend process still running: wait for it, or kill it like a crash would.</summary>
public sealed class RunningCli : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    internal RunningCli(Process process, string commandLine)
    {
        _process = process;
        CommandLine = commandLine;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public string CommandLine { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL to the process and its children: no finally block, no flush, no goodbye.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: true);

    public async Task<CliResult> WaitAsync()
    {
        using var guard = new CancellationTokenSource(MonthEndProcess.HangGuard);
        try
        {
            await _process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            KillHard();
            throw new TimeoutException($"monthend {CommandLine} did not end within {MonthEndProcess.HangGuard} (hang guard); killed");
        }

        return new CliResult(_process.ExitCode, await _stdout, await _stderr);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                KillHard();
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}

/// <summary>Signals as a terminal (Ctrl-C: INT) or a service manager (stop: TERM) sends them.</summary>
public static class Signals
{
    /// <summary>Sends the signal (INT, TERM) to the process with kill(1); unlike <see cref="RunningCli.KillHard"/> it may handle it.</summary>
    public static void Send(RunningCli run, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-s", signal, run.Id.ToString()]) { UseShellExecute = false })
                         ?? throw new InvalidOperationException("could not start kill");
        kill.WaitForExit();
        kill.ExitCode.ShouldBe(0, $"kill -s {signal} {run.Id} failed");
    }
}
