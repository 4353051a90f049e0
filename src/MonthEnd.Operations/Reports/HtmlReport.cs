using System.Globalization;
using System.Net;
using System.Text;
using MonthEnd.Core.Reports;
using MonthEnd.Core.Text;

namespace MonthEnd.Operations.Reports;

/// <summary>
/// A report as one self-contained HTML page: inline CSS, inline SVG charts, no script and nothing
/// fetched from elsewhere. It is also well-formed XML, so it can be checked and transformed as such.
/// Every text from the database (account names, batch ids, messages) is made inert (control and
/// direction characters escaped) and HTML-encoded.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
        h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
        table { border-collapse: collapse; margin: .4em 0; }
        th, td { border: 1px solid #bbb; padding: .25em .6em; text-align: left; }
        th { background: #eee; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
        table.sign_off td { height: 2.2em; min-width: 12em; }
        svg text { font: 12px system-ui, sans-serif; fill: #222; }
        """;

    public static string Write(ReportDocument document)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>").Append(Encode(document.Title))
            .Append("</title><style>").Append(Style).Append("</style></head><body>\n<h1>").Append(Encode(document.Title)).Append("</h1>\n");
        foreach (var table in document.Tables)
        {
            Table(html, table);
        }

        foreach (var chart in document.Charts)
        {
            html.Append("<h2>").Append(Encode(chart.Title)).Append("</h2>\n").Append(SvgBars.Draw(chart)).Append('\n');
        }

        return html.Append("</body></html>\n").ToString();
    }

    public static string Encode(string text) => WebUtility.HtmlEncode(Shown.Inert(text, int.MaxValue));

    private static void Table(StringBuilder html, ReportTable table)
    {
        html.Append("<h2>").Append(Encode(table.Title)).Append("</h2>\n<table class=\"").Append(Encode(table.Name)).Append("\"><thead><tr>");
        foreach (var column in table.Columns)
        {
            html.Append("<th>").Append(Encode(column)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append(cell.Kind == CellKind.Text ? "<td>" : "<td class=\"n\">").Append(Encode(Display(cell))).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    // People read grouped thousands; the exact value is the same digits.
    private static string Display(ReportCell cell) => cell.Kind switch
    {
        CellKind.Money => cell.Value.ToString("#,0.00", CultureInfo.InvariantCulture),
        CellKind.Integer => cell.Value.ToString("#,0", CultureInfo.InvariantCulture),
        _ => cell.Plain(),
    };
}
