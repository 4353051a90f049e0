namespace MonthEnd.Core.Storage;

public static class SchemaCheck
{
    /// <summary>
    /// Refuses to work on a database older than this program: a batch that met a missing table or
    /// function halfway through would stop after staging instead of before anything began.
    /// </summary>
    public static async Task EnsureSchemaCurrentAsync(this IMonthEndStore store, CancellationToken ct)
    {
        var problems = await store.SchemaProblemsAsync(ct);
        if (problems.Count > 0)
        {
            throw new SchemaOutdatedException(store.Description, problems);
        }
    }
}
