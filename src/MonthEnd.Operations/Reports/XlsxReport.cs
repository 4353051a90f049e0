using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MonthEnd.Core.Reports;
using MonthEnd.Core.Text;

namespace MonthEnd.Operations.Reports;

/// <summary>
/// A report as an XLSX workbook, one sheet per table, written with the Open XML SDK (no System.Drawing,
/// no fonts needed). Money is a number cell with the built-in "#,##0.00" format: the cell holds the
/// amount's exact decimal text, which Excel reads into a double; every amount of at most 15 significant
/// digits (all below 10^13 with two places) reads back to the same sen. A larger one would not, so it is
/// written as text, exact. Text cells are inline strings, defused against formulas and made inert.
/// </summary>
public static class XlsxReport
{
    /// <summary>Cell formats of the stylesheet below: 0 default, 1 money, 2 header (bold).</summary>
    private const uint MoneyStyle = 1;
    private const uint HeaderStyle = 2;
    private const int ExactDigits = 15;

    public static byte[] Write(ReportDocument document)
    {
        using var stream = new MemoryStream();
        using (var workbook = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var book = workbook.AddWorkbookPart();
            book.Workbook = new Workbook();
            book.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheets = book.Workbook.AppendChild(new Sheets());
            uint id = 1;
            foreach (var table in document.Tables)
            {
                var part = book.AddNewPart<WorksheetPart>();
                // Wide enough for 9,999,999,999,999.99 without measuring text (which would need fonts).
                part.Worksheet = new Worksheet(
                    new Columns(new Column { Min = 1, Max = (uint)Math.Max(1, table.Columns.Count), Width = 22, CustomWidth = true }),
                    Data(table));
                sheets.Append(new Sheet { Id = book.GetIdOfPart(part), SheetId = id++, Name = SheetName(table.Name) });
            }

            book.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static SheetData Data(ReportTable table)
    {
        var data = new SheetData();
        data.Append(Row(1, table.Columns.Select(c => Text(c, HeaderStyle))));
        uint r = 2;
        foreach (var row in table.Rows)
        {
            data.Append(Row(r++, row.Select(Cell)));
        }

        return data;
    }

    private static Row Row(uint index, IEnumerable<Cell> cells)
    {
        var row = new Row { RowIndex = index };
        var column = 0;
        foreach (var cell in cells)
        {
            cell.CellReference = ColumnName(column++) + index.ToString(CultureInfo.InvariantCulture);
            row.Append(cell);
        }

        return row;
    }

    private static Cell Cell(ReportCell cell) => cell.Kind switch
    {
        CellKind.Text => Text(cell.Text),
        // An amount is no formula, whatever its sign: written as it is.
        CellKind.Money when SignificantDigits(cell.Value) > ExactDigits => Text(cell.Plain(), defuse: false),
        CellKind.Money => new Cell { DataType = CellValues.Number, CellValue = new CellValue(cell.Plain()), StyleIndex = MoneyStyle },
        _ => new Cell { DataType = CellValues.Number, CellValue = new CellValue(cell.Plain()) },
    };

    private static Cell Text(string text, uint style = 0, bool defuse = true) => new()
    {
        DataType = CellValues.InlineString,
        InlineString = new InlineString(new Text(defuse ? SpreadsheetText.Defuse(Shown.Inert(text, int.MaxValue)) : text) { Space = SpaceProcessingModeValues.Preserve }),
        StyleIndex = style,
    };

    private static int SignificantDigits(decimal amount) =>
        decimal.Truncate(Math.Abs(amount) * 100).ToString(CultureInfo.InvariantCulture).TrimStart('0').Length;

    // Excel's rules: at most 31 characters, none of : \ / ? * [ ].
    private static string SheetName(string name)
    {
        var clean = new string([.. name.Select(c => c is ':' or '\\' or '/' or '?' or '*' or '[' or ']' ? '_' : c)]);
        return clean.Length > 31 ? clean[..31] : clean;
    }

    private static string ColumnName(int index) => index < 26 ? ((char)('A' + index)).ToString() : ColumnName(index / 26 - 1) + (char)('A' + index % 26);

    private static Stylesheet Styles() => new(
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellStyleFormats(new CellFormat()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            // 4 is Excel's built-in "#,##0.00".
            new CellFormat { NumberFormatId = 4, ApplyNumberFormat = true },
            new CellFormat { FontId = 1, ApplyFont = true }) { Count = 3 });
}
