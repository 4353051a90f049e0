using System.Text;

namespace MonthEnd.Sqlite.SourceRows;

/// <summary>
/// Reuses one string per distinct short code per column (statuses, products, claim types…), so a
/// million rows with five distinct statuses make five strings, not a million.
/// </summary>
internal sealed class TextCodes
{
    private const int PerColumn = 64;
    private readonly Dictionary<int, List<(byte[] Bytes, string Text)>> _columns = [];

    public string Get(int column, ReadOnlySpan<byte> utf8)
    {
        if (!_columns.TryGetValue(column, out var known))
        {
            known = [];
            _columns[column] = known;
        }

        foreach (var (bytes, text) in known)
        {
            if (utf8.SequenceEqual(bytes))
            {
                return text;
            }
        }

        var value = Encoding.UTF8.GetString(utf8);
        if (known.Count < PerColumn)
        {
            known.Add((utf8.ToArray(), value));
        }

        return value;
    }
}
