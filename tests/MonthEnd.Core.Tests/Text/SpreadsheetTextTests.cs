using MonthEnd.Core.Text;

namespace MonthEnd.Core.Tests.Text;

public sealed class SpreadsheetTextTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+SUM(A1)", "'+SUM(A1)")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("a=1", "a=1")]
    [InlineData("", "")]
    [InlineData("'=quoted already", "'=quoted already")]
    public void a_cell_that_a_spreadsheet_could_run_as_a_formula_gets_a_leading_apostrophe(string value, string expected) =>
        SpreadsheetText.Defuse(value).ShouldBe(expected);

    [Theory]
    [InlineData(null, "")]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=HYPERLINK(\"x\",\"y\")", "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"")]
    public void a_csv_cell_is_defused_then_quoted_as_rfc_4180_says(string? value, string expected) =>
        SpreadsheetText.CsvCell(value).ShouldBe(expected);
}
