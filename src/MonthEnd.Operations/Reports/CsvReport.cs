using System.Text;
using MonthEnd.Core.Reports;
using MonthEnd.Core.Text;

namespace MonthEnd.Operations.Reports;

/// <summary>
/// A report as one CSV file: each table is a section, a line "[name]" then the header row and the rows,
/// sections apart by an empty line (RFC 4180 cells otherwise). Money has exactly two places; text
/// cells are defused against formulas (<see cref="SpreadsheetText"/>); numbers are written as they are.
/// </summary>
public static class CsvReport
{
    public static string Write(ReportDocument document)
    {
        var csv = new StringBuilder();
        foreach (var table in document.Tables)
        {
            if (csv.Length > 0)
            {
                csv.Append('\n');
            }

            csv.Append('[').Append(table.Name).Append("]\n");
            csv.AppendJoin(',', table.Columns.Select(SpreadsheetText.CsvCell)).Append('\n');
            foreach (var row in table.Rows)
            {
                csv.AppendJoin(',', row.Select(Cell)).Append('\n');
            }
        }

        return csv.ToString();
    }

    private static string Cell(ReportCell cell) => cell.Kind == CellKind.Text ? SpreadsheetText.CsvCell(cell.Text) : cell.Plain();
}
