using System.Globalization;
using System.Text;

namespace MonthEnd.Browser.Tests.Infrastructure;

/// <summary>
/// A downloaded report CSV read back independently of the product's writer: sections "[name]", each a
/// header row and data rows (RFC 4180 quoting), apart by an empty line.
/// </summary>
public sealed class ReportCsv
{
    private readonly Dictionary<string, List<string[]>> _sections = new(StringComparer.Ordinal);

    private ReportCsv()
    {
    }

    public static ReportCsv Read(string path)
    {
        var csv = new ReportCsv();
        List<string[]>? section = null;
        foreach (var line in File.ReadAllLines(path))
        {
            if (line.Length == 0)
            {
                section = null;
            }
            else if (section is null && line.StartsWith('[') && line.EndsWith(']'))
            {
                section = [];
                csv._sections.Add(line[1..^1], section);
            }
            else
            {
                (section ?? throw new FormatException($"a row outside any section: {line}")).Add(Cells(line));
            }
        }

        return csv;
    }

    /// <summary>The data rows of a section (its header row left out).</summary>
    public IReadOnlyList<string[]> Rows(string section) =>
        _sections.TryGetValue(section, out var rows) ? rows.Skip(1).ToList() : throw new KeyNotFoundException($"the report has no section [{section}]");

    /// <summary>An amount of the summary section, by its item name ("total debit").</summary>
    public decimal SummaryAmount(string item) => Amount(Rows("summary").Single(r => r[0] == item)[1]);

    public static decimal Amount(string cell) => decimal.Parse(cell, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static string[] Cells(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                cell.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return [.. cells];
    }
}
