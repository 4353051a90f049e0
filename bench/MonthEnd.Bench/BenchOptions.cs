using System.Globalization;

namespace MonthEnd.Bench;

/// <summary>Which commit methods of the PostgreSQL store a run measures.</summary>
internal enum CommitChoice
{
    Attach,
    Copy,
    Both,
}

/// <summary>
/// bench/run [--store sqlite|postgres] [--premiums N] [--claims M] [--workers W] [--chunk-size K] [--dir DIR] [--direct]
///           PostgreSQL only: [--commit attach|copy|both] [--db "Host=…"] [--wait-load L] [--rounds R] [--keep]
/// </summary>
internal sealed record BenchOptions(long Premiums, long Claims, int Workers, int ChunkSize, string Directory, bool GenerateOnly)
{
    /// <summary>sqlite (default) or postgres.</summary>
    public string Store { get; init; } = "sqlite";

    /// <summary>An existing PostgreSQL server (a role that may create databases); otherwise the harness starts a durable cluster.</summary>
    public string? Database { get; init; }

    public CommitChoice Commit { get; init; } = CommitChoice.Both;

    /// <summary>Before each measured run, wait until the 1-minute load average is below this (0: do not wait).</summary>
    public double WaitLoad { get; init; }

    /// <summary>PostgreSQL: how many times ours, (a) and (b) are measured, taking turns; each is reported by its median run.</summary>
    public int Rounds { get; init; } = 1;

    /// <summary>Run the engine directly, without the operations layer, the audit trail and the seal (for the A/B of their cost).</summary>
    public bool Direct { get; init; }

    /// <summary>After the batch, roll it back (committed, four-eyes) and time it.</summary>
    public bool Rollback { get; init; }

    /// <summary>After the batch, reverse it by compensating entries (four-eyes, a REVERSAL batch) and time it.</summary>
    public bool Reverse { get; init; }

    /// <summary>Keep the benchmark databases (and a started cluster) for inspection.</summary>
    public bool Keep { get; init; }

    /// <summary>Child mode: measure this one workload (attach, copy, sql, floor) in the database --db names.</summary>
    public string? Measure { get; init; }

    /// <summary>Child mode: where to write the measurement (JSON).</summary>
    public string? ResultFile { get; init; }

    public bool IsPostgres => Store == "postgres";

    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        long Number(string name, long fallback) => Value(name) is { } v ? long.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var store = (Value("--store") ?? "sqlite").ToLowerInvariant() switch
        {
            "sqlite" => "sqlite",
            "postgres" or "postgresql" or "pg" => "postgres",
            var other => throw new ArgumentException($"--store {other}: expected sqlite or postgres"),
        };
        var commit = (Value("--commit") ?? "both").ToLowerInvariant() switch
        {
            "attach" => CommitChoice.Attach,
            "copy" => CommitChoice.Copy,
            "both" => CommitChoice.Both,
            var other => throw new ArgumentException($"--commit {other}: expected attach, copy or both"),
        };
        return new BenchOptions(
            Number("--premiums", 1_000_000),
            Number("--claims", 50_000),
            (int)Number("--workers", 2),
            (int)Number("--chunk-size", 20_000),
            Value("--dir") ?? Path.Combine(Path.GetTempPath(), "monthend-bench"),
            args.Contains("--generate-only"))
        {
            Store = store,
            Database = Value("--db"),
            Commit = commit,
            WaitLoad = Value("--wait-load") is { } load ? double.Parse(load, CultureInfo.InvariantCulture) : 0,
            Keep = args.Contains("--keep"),
            Direct = args.Contains("--direct"),
            Rollback = args.Contains("--rollback"),
            Reverse = args.Contains("--reverse"),
            Rounds = (int)Number("--rounds", 1),
            Measure = Value("--measure"),
            ResultFile = Value("--result"),
        };
    }
}
