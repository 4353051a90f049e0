using System.Globalization;
using System.Text;
using System.Xml.Linq;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace MonthEnd.Operations.Tests.Reports;

/// <summary>A cell as a spreadsheet reads it: a number (what Excel holds: a double) or a text, with its style.</summary>
internal sealed record SheetCell(string Reference, double? Number, string? Text, uint Style, string Stored);

/// <summary>Reports read back the way their readers read them: XLSX with the Open XML SDK, CSV as RFC 4180, HTML as XML.</summary>
internal static class ReadBack
{
    public static Dictionary<string, List<List<SheetCell>>> Xlsx(byte[] content)
    {
        using var stream = new MemoryStream(content);
        using var document = SpreadsheetDocument.Open(stream, false);
        var book = document.WorkbookPart!;
        var sheets = new Dictionary<string, List<List<SheetCell>>>();
        foreach (var sheet in book.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)book.GetPartById(sheet.Id!.Value!);
            sheets[sheet.Name!.Value!] = [.. part.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().Select(r => r.Elements<Cell>().Select(Of).ToList())];
        }

        return sheets;
    }

    private static SheetCell Of(Cell cell)
    {
        var style = cell.StyleIndex?.Value ?? 0;
        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return new SheetCell(cell.CellReference!.Value!, null, cell.InlineString!.InnerText, style, cell.InlineString.InnerText);
        }

        var stored = cell.CellValue!.Text;
        return new SheetCell(cell.CellReference!.Value!, double.Parse(stored, CultureInfo.InvariantCulture), null, style, stored);
    }

    /// <summary>What Excel shows of a double: 15 significant digits, read back as a decimal.</summary>
    public static decimal AsExcelShowsIt(double value) => decimal.Parse(value.ToString("G15", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The CSV's sections: "[name]" then a header row and the rows, sections apart by an empty line.</summary>
    public static Dictionary<string, List<List<string>>> CsvSections(string csv)
    {
        var sections = new Dictionary<string, List<List<string>>>();
        List<List<string>>? current = null;
        foreach (var row in CsvRows(csv))
        {
            if (row is [var only] && only.StartsWith('[') && only.EndsWith(']'))
            {
                sections[only[1..^1]] = current = [];
            }
            else if (row is not [""])
            {
                current.ShouldNotBeNull("a row before any section").Add(row);
            }
        }

        return sections;
    }

    /// <summary>RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    public static IEnumerable<List<string>> CsvRows(string csv)
    {
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                yield return row;
                row = [];
            }
            else
            {
                field.Append(c);
            }
        }

        quoted.ShouldBeFalse("an unclosed quote");
        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            yield return row;
        }
    }

    /// <summary>The page as XML (it must be well-formed): its DOCTYPE is allowed, nothing else is resolved.</summary>
    public static XDocument Html(string html)
    {
        using var reader = System.Xml.XmlReader.Create(new StringReader(html), new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Ignore, XmlResolver = null });
        return XDocument.Load(reader);
    }
}
