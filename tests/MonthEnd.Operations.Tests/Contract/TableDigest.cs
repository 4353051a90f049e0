using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MonthEnd.Store.Tests.Contract;

namespace MonthEnd.Operations.Tests.Contract;

/// <summary>Digests of every row of every table, to prove an operation changed nothing (and to name what it changed).</summary>
public static class TableDigest
{
    /// <returns>Per table whose name does not start with <paramref name="exceptPrefix"/>, a digest of its rows in a canonical order.</returns>
    public static async Task<IReadOnlyDictionary<string, string>> OfAsync(IStoreTarget target, string tablesSql, string exceptPrefix)
    {
        var tables = (await target.RowsAsync(tablesSql)).Select(r => (string)r[0]!)
            .Where(t => !t.StartsWith(exceptPrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var text = new StringBuilder();
            foreach (var row in (await target.RowsAsync($"SELECT * FROM {table}")).Select(Row).Order(StringComparer.Ordinal))
            {
                text.Append(row).Append('\n');
            }

            digests[table] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        }

        return digests;
    }

    /// <summary>The tables whose rows differ between two digests (or that exist in one only).</summary>
    public static IReadOnlyList<string> Changed(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        [.. before.Keys.Union(after.Keys).Where(t => !before.TryGetValue(t, out var b) || !after.TryGetValue(t, out var a) || a != b).Order(StringComparer.Ordinal)];

    private static string Row(object?[] values) =>
        string.Join('|', values.Select(v => v switch
        {
            null => "∅",
            byte[] bytes => Convert.ToHexString(bytes),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString(),
        }));
}
