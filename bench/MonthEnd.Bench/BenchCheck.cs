namespace MonthEnd.Bench;

/// <summary>A measured run that did not do what it claims: its figures would be dishonest, so the benchmark stops.</summary>
internal sealed class BenchCheckException(string message) : Exception(message);

internal static class BenchCheck
{
    public static void That(bool condition, string failure)
    {
        if (!condition)
        {
            throw new BenchCheckException(failure);
        }
    }
}
