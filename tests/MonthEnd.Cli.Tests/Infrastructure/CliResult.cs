namespace MonthEnd.Cli.Tests.Infrastructure;

/// <summary>How a finished monthend process ended: its exit code and everything it wrote.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Standard output and error together, with line wrapping (tables, markup) folded into single spaces.</summary>
    public string Text => Flatten(Stdout + "\n" + Stderr);

    public static string Flatten(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Fails with the whole output when the exit code is not the expected one.</summary>
    public CliResult ShouldExitWith(int expected)
    {
        ExitCode.ShouldBe(expected, $"monthend exited {ExitCode}, expected {expected}\n{this}");
        return this;
    }

    public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
