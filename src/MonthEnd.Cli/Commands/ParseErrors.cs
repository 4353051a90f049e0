namespace MonthEnd.Cli.Commands;

/// <summary>The command-line parser's messages in the product's words: it names .NET types ("System.Int32") where a user typed a number.</summary>
internal static class ParseErrors
{
    private static readonly (string Type, string Words)[] Types =
    [
        ("as expected type 'System.Int32'", "as a whole number from -2,147,483,648 to 2,147,483,647"),
        ("as expected type 'System.Int64'", "as a whole number from -9,223,372,036,854,775,808 to 9,223,372,036,854,775,807"),
        ("as expected type 'System.Double'", "as a number"),
        ("as expected type 'System.Decimal'", "as a number"),
        ("as expected type 'System.Boolean'", "as true or false"),
    ];

    public static string Plain(string message) =>
        Types.Aggregate(message, (m, t) => m.Replace(t.Type, t.Words, StringComparison.Ordinal));
}
