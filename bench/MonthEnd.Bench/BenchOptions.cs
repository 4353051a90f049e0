using System.Globalization;

namespace MonthEnd.Bench;

internal sealed record BenchOptions(long Premiums, long Claims, int Workers, int ChunkSize, string Directory, bool GenerateOnly)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        long Number(string name, long fallback) => Value(name) is { } v ? long.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new BenchOptions(
            Number("--premiums", 1_000_000),
            Number("--claims", 50_000),
            (int)Number("--workers", 2),
            (int)Number("--chunk-size", 20_000),
            Value("--dir") ?? Path.Combine(Path.GetTempPath(), "monthend-bench"),
            args.Contains("--generate-only"));
    }
}
