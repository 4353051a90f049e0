using System.Globalization;
using System.Text;
using MonthEnd.Core.Reports;

namespace MonthEnd.Operations.Reports;

/// <summary>
/// A horizontal bar chart as inline SVG: one bar per label, scaled to the largest magnitude, negative
/// values to the left of the zero axis. Geometry is computed in decimal, as everything else here.
/// </summary>
internal static class SvgBars
{
    private const int LabelWidth = 220;
    private const int PlotWidth = 420;
    private const int ValueWidth = 170;
    private const int BarHeight = 22;
    private const int Gap = 8;

    public static string Draw(BarChart chart)
    {
        var height = Math.Max(1, chart.Bars.Count) * (BarHeight + Gap) + Gap;
        var width = LabelWidth + PlotWidth + ValueWidth;
        var negative = chart.Bars.Any(b => b.Value < 0);
        var positive = chart.Bars.Any(b => b.Value > 0);
        var zero = LabelWidth + (negative && positive ? PlotWidth / 2m : negative ? PlotWidth : 0m);
        var span = negative && positive ? PlotWidth / 2m : PlotWidth;
        var largest = chart.Bars.Count == 0 ? 0m : chart.Bars.Max(b => Math.Abs(b.Value));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\">")
            .Append("<title>").Append(HtmlReport.Encode(chart.Title)).Append("</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{zero}\" y1=\"0\" x2=\"{zero}\" y2=\"{height}\" stroke=\"#888\"/>");
        for (var i = 0; i < chart.Bars.Count; i++)
        {
            var (label, value) = chart.Bars[i];
            var y = Gap + i * (BarHeight + Gap);
            var length = largest == 0 ? 0 : decimal.Round(Math.Abs(value) / largest * span, 1);
            var x = value < 0 ? zero - length : zero;
            var fill = value < 0 ? "#c0504d" : "#4f81bd";
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{y + 15}\">").Append(HtmlReport.Encode(label)).Append("</text>")
                .Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"{length}\" height=\"{BarHeight}\" fill=\"{fill}\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + PlotWidth + 6}\" y=\"{y + 15}\">")
                .Append(HtmlReport.Encode($"{value.ToString(chart.Unit == "s" ? "0.000" : "#,0.00", CultureInfo.InvariantCulture)} {chart.Unit}")).Append("</text>");
        }

        return svg.Append("</svg>").ToString();
    }
}
