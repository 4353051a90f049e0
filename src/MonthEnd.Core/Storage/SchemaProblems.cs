namespace MonthEnd.Core.Storage;

/// <summary>How stores word what keeps a database from being used (see <see cref="IMonthEndStore.SchemaProblemsAsync"/>).</summary>
public static class SchemaProblems
{
    public static string NotApplied(string migration) => $"migration {migration} not applied";

    public static bool IsMigration(string problem) => problem.StartsWith("migration ", StringComparison.Ordinal);
}
