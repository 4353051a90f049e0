using MonthEnd.Core.Text;

namespace MonthEnd.Core.Import;

/// <summary>
/// Matches a file's header to a layout: every column exactly once, no other. The columns may come in
/// any order; names match exactly (case and spaces count), as a database's column names do.
/// </summary>
public static class ImportHeader
{
    /// <summary>For each layout column, the position of its field in a record; refused with <see cref="ImportHeaderException"/>.</summary>
    public static int[] Match(IReadOnlyList<string> header, IReadOnlyList<ImportColumn> layout)
    {
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i];
            if (!layout.Any(c => c.Name == name))
            {
                throw new ImportHeaderException(name, $"unknown column {Shown.Quote(name)} (field {i + 1} of the header)");
            }

            if (!positions.TryAdd(name, i))
            {
                throw new ImportHeaderException(name, $"column {Shown.Quote(name)} appears twice (fields {positions[name] + 1} and {i + 1} of the header)");
            }
        }

        var missing = layout.FirstOrDefault(c => !positions.ContainsKey(c.Name));
        if (missing is not null)
        {
            throw new ImportHeaderException(missing.Name, $"column '{missing.Name}' is missing from the header");
        }

        return [.. layout.Select(c => positions[c.Name])];
    }
}

/// <summary>A file whose header does not match the layout: refused before any row is read.</summary>
public sealed class ImportHeaderException(string column, string message) : Exception(message)
{
    public string Column { get; } = column;
}
