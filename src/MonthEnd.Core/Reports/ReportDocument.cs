using MonthEnd.Core.Accounting;

namespace MonthEnd.Core.Reports;

public enum CellKind
{
    Text,
    Integer,
    Money,

    /// <summary>An exact decimal that is not money (seconds, records per second).</summary>
    Number,
}

/// <summary>One cell of a report table, typed so that each format writes money as money and text as text.</summary>
public readonly record struct ReportCell(CellKind Kind, string Text, decimal Value)
{
    public static ReportCell Of(string? text) => new(CellKind.Text, text ?? "", 0);

    public static ReportCell Of(long value) => new(CellKind.Integer, "", value);

    public static ReportCell Of(Money amount) => new(CellKind.Money, "", amount.ToDecimal());

    public static ReportCell Number(decimal value) => new(CellKind.Number, "", value);

    public static ReportCell Seconds(TimeSpan time) => Number(decimal.Round((decimal)time.TotalSeconds, 3, MidpointRounding.ToEven));

    /// <summary>The cell as plain text: money with exactly two places, numbers invariant, text as it is.</summary>
    public string Plain() => Kind switch
    {
        CellKind.Text => Text,
        CellKind.Money => Value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
        _ => Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>A table of a report: a machine name (CSV section, XLSX sheet), a title for people, columns and rows.</summary>
public sealed record ReportTable(string Name, string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<ReportCell>> Rows);

/// <summary>A bar chart of a report (HTML draws it as inline SVG): one bar per label, negative values below the axis.</summary>
public sealed record BarChart(string Title, string Unit, IReadOnlyList<(string Label, decimal Value)> Bars);

/// <summary>A report laid out as tables and charts, what the HTML, CSV and XLSX formats write; JSON writes the report itself.</summary>
public sealed record ReportDocument(string Title, IReadOnlyList<ReportTable> Tables, IReadOnlyList<BarChart> Charts);
