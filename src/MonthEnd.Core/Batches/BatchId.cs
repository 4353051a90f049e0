using System.Text.RegularExpressions;
using MonthEnd.Core.Calendar;

namespace MonthEnd.Core.Batches;

/// <summary>A batch's identifier, e.g. 2025-01-MONTHEND: upper-case letters, digits, '-' and '_', at most 50.</summary>
public static partial class BatchId
{
    public const int MaxLength = 50;

    public static string DefaultFor(Period period) => $"{period}-MONTHEND";

    public static bool IsWellFormed(string? id) => id is not null && Shape().IsMatch(id);

    public static string Validate(string? id) =>
        IsWellFormed(id)
            ? id!
            : throw new FormatException(
                $"batch id {Text.Shown.Quote(id)} is malformed: use 1-{MaxLength} upper-case letters, digits, '-' or '_', starting with a letter or digit");

    [GeneratedRegex("^[A-Z0-9][A-Z0-9_-]{0,49}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
