namespace MonthEnd.Core.Text;

/// <summary>
/// Text bound for a spreadsheet (CSV, XLSX). A cell that starts with = + - @ (or a tab or carriage
/// return, which some spreadsheets skip before reading a formula) could run as a formula when the file is
/// opened: it gets a leading apostrophe, which spreadsheets show as text. Numbers are not text and are
/// written as they are.
/// </summary>
public static class SpreadsheetText
{
    public static string Defuse(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    /// <summary>A text cell of a CSV file: defused, then quoted as RFC 4180 says when it holds a comma, quote or line break.</summary>
    public static string CsvCell(string? value)
    {
        if (value is null)
        {
            return "";
        }

        var text = Defuse(value);
        return text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
