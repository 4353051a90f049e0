using System.Globalization;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Reports;
using MonthEnd.Core.Text;
using MonthEnd.Operations.Reports;

namespace MonthEnd.Operations.Tests.Reports;

/// <summary>The formats themselves, on documents made here: hostile text, and money in XLSX to the sen.</summary>
public sealed class ReportFormatTests
{
    private static readonly string[] Hostile =
    [
        "<script>alert(1)</script>", "=HYPERLINK(\"http://evil.example\",\"click\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
        "\tTAB", "a,b\"c\nd", "\u202Eevil\u202C", "bell\u0007", "]]><x/>&amp;", "Tabarru'",
    ];

    [Fact]
    public void hostile_text_is_inert_and_encoded_in_html_which_stays_well_formed_without_script()
    {
        var html = HtmlReport.Write(Document());

        var page = ReadBack.Html(html);
        page.Descendants().ShouldNotContain(e => e.Name.LocalName == "script" || e.Name.LocalName == "x");
        var cells = page.Descendants().Where(e => e.Name.LocalName == "tr").Skip(1).Select(r => r.Elements().First().Value).ToList();
        cells.ShouldBe(Hostile.Select(h => Shown.Inert(h, int.MaxValue)));
        html.ShouldNotContain("\u202E");
        html.ShouldNotContain("\u0007");
        page.Descendants().Single(e => e.Name.LocalName == "h1").Value.ShouldBe("Report <b>of</b> 'BATCH'");
    }

    [Fact]
    public void csv_text_cells_that_could_run_as_formulas_are_defused_and_everything_reads_back()
    {
        var sections = ReadBack.CsvSections(CsvReport.Write(Document()));

        var rows = sections["hostile"].Skip(1).ToList();
        rows.Take(Hostile.Length).Select(r => r[0]).ShouldBe(Hostile.Select(h => h[0] is '=' or '+' or '-' or '@' or '\t' ? "'" + h : h));
        rows.Take(Hostile.Length).Select(r => r[1]).ShouldBe(Hostile.Select((_, i) => i % 2 == 0 ? "-12.34" : "1000000.00"), "money stays a number, its minus sign too");
        sections["hostile"][0].ShouldBe(["text", "amount"]);
    }

    [Fact]
    public void xlsx_text_cells_are_inline_strings_defused_and_inert_and_no_cell_is_a_formula()
    {
        var content = XlsxReport.Write(Document());

        var sheet = ReadBack.Xlsx(content)["hostile"];
        sheet.Skip(1).Take(Hostile.Length).Select(r => r[0].Text).ShouldBe(Hostile.Select(h => SpreadsheetText.Defuse(Shown.Inert(h, int.MaxValue))));
        sheet.Skip(1).Take(Hostile.Length).ShouldAllBe(r => r[1].Number != null && r[1].Style == 1u);
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(content));
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open());
            var xml = reader.ReadToEnd();
            xml.ShouldNotContain("<x:f>");
            xml.ShouldNotContain("<f>");
        }
    }

    [Fact]
    public void an_xlsx_report_is_valid_against_the_open_xml_schema()
    {
        using var stream = new MemoryStream(XlsxReport.Write(Document()));
        using var workbook = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(stream, false);

        var errors = new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(workbook).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();

        errors.ShouldBeEmpty();
    }

    [Fact]
    public void xlsx_money_up_to_ten_to_the_thirteen_reads_back_to_the_sen_as_excel_holds_it()
    {
        var random = new Random(20250131);
        var amounts = new List<Money> { new(1), new(-1), new(999_999_999_999_999), new(-999_999_999_999_999), new(123_456_789_012_345), new(10), Money.Zero };
        for (var i = 0; i < 5_000; i++)
        {
            amounts.Add(new Money(random.NextInt64(-1_000_000_000_000_000, 1_000_000_000_000_000)));
        }

        var document = new ReportDocument("money", [new ReportTable("money", "money", ["amount"], [.. amounts.Select(a => new[] { ReportCell.Of(a) })])], []);

        var cells = ReadBack.Xlsx(XlsxReport.Write(document))["money"].Skip(1).Select(r => r[0]).ToList();

        cells.Count.ShouldBe(amounts.Count);
        for (var i = 0; i < amounts.Count; i++)
        {
            cells[i].Number.ShouldNotBeNull();
            cells[i].Stored.ShouldBe(amounts[i].ToPlainString(), "the file holds the exact decimal text");
            ReadBack.AsExcelShowsIt(cells[i].Number!.Value).ShouldBe(amounts[i].ToDecimal(), $"{amounts[i].ToPlainString()} through a double");
            Money.FromDecimal((decimal)cells[i].Number!.Value).ShouldBe(amounts[i], "decimal's own conversion from the double too");
        }
    }

    [Fact]
    public void xlsx_money_of_more_than_fifteen_digits_is_written_as_exact_text_rather_than_rounded()
    {
        var big = new Money(1_234_567_890_123_456_78);
        var document = new ReportDocument("big", [new ReportTable("big", "big", ["amount"], [[ReportCell.Of(big)], [ReportCell.Of(-big)]])], []);

        var cells = ReadBack.Xlsx(XlsxReport.Write(document))["big"].Skip(1).Select(r => r[0]).ToList();

        cells.Select(c => (c.Number, c.Text)).ShouldBe([(null, "1234567890123456.78"), (null, "-1234567890123456.78")]);
    }

    [Fact]
    public void a_chart_draws_negative_movements_left_of_the_axis_and_scales_to_the_largest()
    {
        var svg = ReadBack.Html(HtmlReport.Write(new ReportDocument("c", [], [new BarChart("funds", "IDR", [("A", -50m), ("B", 100m), ("C", 0m)])])))
            .Descendants().Single(e => e.Name.LocalName == "svg");

        var axis = decimal.Parse(svg.Elements().Single(e => e.Name.LocalName == "line").Attribute("x1")!.Value, CultureInfo.InvariantCulture);
        var bars = svg.Elements().Where(e => e.Name.LocalName == "rect")
            .Select(r => (X: decimal.Parse(r.Attribute("x")!.Value, CultureInfo.InvariantCulture), W: decimal.Parse(r.Attribute("width")!.Value, CultureInfo.InvariantCulture))).ToList();
        (bars[0].X + bars[0].W).ShouldBe(axis);
        bars[1].X.ShouldBe(axis);
        bars[1].W.ShouldBe(2 * bars[0].W);
        bars[2].W.ShouldBe(0m);
    }

    private static ReportDocument Document() => new(
        "Report <b>of</b> 'BATCH'",
        [new ReportTable("hostile", "Hostile <i>title</i>", ["text", "amount"],
            [.. Hostile.Select((h, i) => new[] { ReportCell.Of(h), ReportCell.Of(i % 2 == 0 ? new Money(-1234) : new Money(100_000_000)) })])],
        [new BarChart("<script>chart</script>", "IDR", [("=evil", -3m), ("<b>", 5m)])]);

}
