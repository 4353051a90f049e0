using System.Globalization;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Reversal;

/// <summary>
/// What a reversal makes of an original ledger row: the same entry numbered <c>je_id + offset</c>,
/// dated the reversal date, with debit and credit swapped and a description naming the entry it
/// reverses; accounts, funds, reference and template as they were. The stores stage the mirror in SQL;
/// this is the same rule in code, to name the first staged row that is not the mirror of its original.
/// </summary>
public static class ReversalMirror
{
    /// <summary>A mirror entry's description: "Reversal of JE 17: " and the original's, or "Reversal of JE 17".</summary>
    public static string Description(long originalJe, string? description) =>
        $"Reversal of JE {originalJe.ToString(CultureInfo.InvariantCulture)}" + (description is null ? "" : ": " + description);

    /// <summary>The row the mirror of <paramref name="original"/> must be, column by column.</summary>
    public static ContentRow Of(ContentRow original, long offset, DateOnly date)
    {
        var number = ContentRow.Text(original.JeNumber + offset);
        var values = original.Values.ToDictionary(v => v.Column, v => v.Value);
        string Swapped(string column) => original.IsHeader
            ? values[column == "total_debit" ? "total_credit" : "total_debit"]
            : values[column == "debit_amount" ? "credit_amount" : "debit_amount"];
        var mirrored = original.Values.Select(v => (v.Column, v.Column switch
        {
            "je_number" or "je_id" => number,
            "je_date" => ContentRow.Text(date),
            "description" when original.IsHeader => Description(original.JeNumber, v.Value == ContentRow.Null ? null : v.Value),
            "total_debit" or "total_credit" or "debit_amount" or "credit_amount" => Swapped(v.Column),
            _ => v.Value,
        })).ToList();
        return new ContentRow(original.JeNumber + offset, original.LineNumber, mirrored);
    }

    /// <summary>
    /// The first staged row (by JE number, a header before its lines) that is not the mirror of its
    /// original, in words; null when every row is. <paramref name="originals"/> and
    /// <paramref name="staged"/> cover the same entries (original and mirror numbering).
    /// </summary>
    public static string? FirstDifference(IEnumerable<ContentRow> originals, IEnumerable<ContentRow> staged, long offset, DateOnly date)
    {
        var want = originals.Select(o => Of(o, offset, date)).ToDictionary(Key);
        var have = staged.ToDictionary(Key);
        foreach (var key in want.Keys.Union(have.Keys).Order())
        {
            var name = key.Line is null ? $"JE {key.Je} header" : $"JE {key.Je} line {key.Line}";
            if (!have.TryGetValue(key, out var held))
            {
                return $"{name} is missing from staging (the mirror of JE {key.Je - offset})";
            }

            if (!want.TryGetValue(key, out var mirror))
            {
                return $"{name} is staged, but JE {key.Je - offset} of the original has no such row";
            }

            foreach (var (column, value) in mirror.Values)
            {
                var stagedValue = held.Values.FirstOrDefault(v => v.Column == column).Value ?? ContentRow.Null;
                if (stagedValue != value)
                {
                    return $"{name}: {column} is staged as '{stagedValue}', the mirror of JE {key.Je - offset} makes '{value}'";
                }
            }
        }

        return null;
    }

    private static (long Je, short? Line) Key(ContentRow row) => (row.JeNumber, row.LineNumber);
}
