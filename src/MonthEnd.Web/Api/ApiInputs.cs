using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Reports;
using MonthEnd.Core.Text;
using MonthEnd.Operations.Access;

namespace MonthEnd.Web.Api;

/// <summary>POST /api/batches.</summary>
public sealed record InitiateBody(string? Period, int? Workers, bool DryRun);

/// <summary>pause, resume, abort, reject.</summary>
public sealed record ReasonBody(string? Reason);

/// <summary>POST /api/batches/{id}/rollback: a committed batch needs <c>confirm</c> and a second admin's approval.</summary>
public sealed record RollbackBody(string? Reason, bool Confirm);

/// <summary>POST /api/batches/{id}/reverse: the compensating entries' date (YYYY-MM-DD).</summary>
public sealed record ReverseBody(string? Reason, string? Date, bool ResetSource);

/// <summary>Parses the web's text arguments the way the CLI parses its options; a bad one is an <see cref="InvalidArgumentException"/> (400, exit 64).</summary>
public static class ApiInputs
{
    public const int DefaultWorkers = 4;

    public static Period Period(string? text, string argument = "period") =>
        Core.Calendar.Period.TryParse(text, out var period) ? period : throw new InvalidArgumentException(argument, $"{Shown.Quote(text)} is not a period: use YYYY-MM, e.g. 2025-01");

    public static Period? OptionalPeriod(string? text) => string.IsNullOrWhiteSpace(text) ? null : Period(text);

    public static BatchStatus? OptionalStatus(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return BatchStatuses.Parse(text.Trim().ToUpperInvariant());
        }
        catch (FormatException e)
        {
            throw new InvalidArgumentException("status", e.Message);
        }
    }

    public static ReportKind Kind(string? text) =>
        ReportKinds.TryParse(string.IsNullOrEmpty(text) ? "batch" : text, out ReportKind kind)
            ? kind : throw new InvalidArgumentException("kind", $"{Shown.Quote(text)} is not a report: batch, cfo or trial-balance");

    public static ReportFormat Format(string? text) =>
        ReportKinds.TryParse(string.IsNullOrEmpty(text) ? "html" : text, out ReportFormat format)
            ? format : throw new InvalidArgumentException("format", $"{Shown.Quote(text)} is not a format: html, csv, xlsx or json");

    public static DateTimeOffset? OptionalDate(string? text, string argument) =>
        string.IsNullOrWhiteSpace(text) ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : throw new InvalidArgumentException(argument, $"{Shown.Quote(text)} is not a date: use YYYY-MM-DD");
}
