using System.CommandLine;
using MonthEnd.Cli.Hosting;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Rules;

namespace MonthEnd.Cli.Commands;

/// <summary>Options shared by several commands, created fresh for each command that takes them.</summary>
internal static class CliOptions
{
    public static Option<string?> Db() => new("--db")
    {
        Description = $"Database: a SQLite file (default {StoreFactory.DefaultDatabase}, or $MONTHEND_DB) or a PostgreSQL connection string",
        Recursive = true,
    };

    public static Option<bool> Json() => new("--json") { Description = "Write machine-readable JSON to standard output" };

    public static Option<string?> Rules() => new("--rules") { Description = "Posting rules file (JSON) instead of the built-in defaults" };

    public static Option<string> Period() => new("--period") { Description = "Accounting period, YYYY-MM", Required = true };

    public static Option<string?> BatchId(bool required = false) => new("--batch-id")
    {
        Description = "Batch id (default YYYY-MM-MONTHEND)",
        Required = required,
    };

    public static RuleSet LoadRules(string? path) => path is null ? RuleSetLoader.LoadDefault() : RuleSetLoader.LoadFile(path);

    public static Period ParsePeriod(string text) => MonthEnd.Core.Calendar.Period.Parse(text);
}
