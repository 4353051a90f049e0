using MonthEnd.Core.Audit;

namespace MonthEnd.Core.Tests.Audit;

internal static class AuditTestData
{
    public static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    public static readonly byte[] OtherKey = [.. Enumerable.Range(101, 32).Select(i => (byte)i)];

    public static AuditChain Chain { get; } = new(Key);

    public static AuditDraft Draft(int n = 1, string? batchId = "ME-2025-01") => new(
        batchId, "RUN_BATCH", $"user{n}", new DateTimeOffset(2025, 2, 1, 8, 30, n % 60, TimeSpan.Zero).AddTicks(1230),
        "10.0.0.7", "monthend-cli/1.0", $$"""{"n":{{n}},"period":"2025-01"}""", AuditStatus.Success, null, """{"status":"COMMITTED"}""");

    /// <summary>A chain of <paramref name="count"/> rows linked by <paramref name="chain"/>.</summary>
    public static List<AuditEntry> Rows(int count, AuditChain? chain = null)
    {
        var rows = new List<AuditEntry>();
        for (var i = 1; i <= count; i++)
        {
            rows.Add((chain ?? Chain).Link(rows.LastOrDefault(), Draft(i)));
        }

        return rows;
    }
}
