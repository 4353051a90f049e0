using MonthEnd.Core.Text;
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

    public static Option<bool> Json() => new("--json") { Description = "Write machine-readable JSON to standard output (errors too)" };

    public static Option<string?> Rules() => new("--rules") { Description = "Posting rules file (JSON) instead of the built-in defaults" };

    public static Option<string> Period() => new("--period") { Description = "Accounting period, YYYY-MM", Required = true };

    public static Option<string?> BatchId(bool required = false, string? description = null) => new("--batch-id")
    {
        Description = description ?? (required
            ? "Batch id, e.g. 2025-01-MONTHEND (required: `monthend status` lists them)"
            : "Batch id (default: the period's open or committed batch, or a new YYYY-MM-MONTHEND)"),
        Required = required,
    };

    public static RuleSet LoadRules(string? path)
    {
        if (path is null)
        {
            return RuleSetLoader.LoadDefault();
        }

        if (Directory.Exists(path))
        {
            throw CliError.Usage($"--rules {Shown.Quote(path)} is a directory; give a posting rules file (JSON)");
        }

        if (!File.Exists(path))
        {
            throw CliError.Usage($"--rules {Shown.Quote(path)}: no such file");
        }

        return RuleSetLoader.LoadFile(path);
    }

    public static Period ParsePeriod(string text) => MonthEnd.Core.Calendar.Period.Parse(text);

    /// <summary>A count option that may be 0 (e.g. --workers 0: external workers only) but not negative.</summary>
    public static int NotNegative(ParseResult parse, Option<int> option)
    {
        var value = parse.GetValue(option);
        return value >= 0 ? value : throw CliError.Usage($"{option.Name} must be 0 or more, not {value}");
    }

    /// <summary>A count option that must be at least 1.</summary>
    public static int Positive(ParseResult parse, Option<int> option)
    {
        var value = parse.GetValue(option);
        return value >= 1 ? value : throw CliError.Usage($"{option.Name} must be 1 or more, not {value}");
    }

    /// <summary>A duration option in seconds, more than zero.</summary>
    public static TimeSpan Seconds(ParseResult parse, Option<double> option)
    {
        var value = parse.GetValue(option);
        return value > 0 && value <= TimeSpan.MaxValue.TotalSeconds / 2 && !double.IsNaN(value)
            ? TimeSpan.FromSeconds(value)
            : throw CliError.Usage($"{option.Name} must be a number of seconds above 0, not {value}");
    }
}
