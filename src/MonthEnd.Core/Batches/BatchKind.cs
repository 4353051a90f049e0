namespace MonthEnd.Core.Batches;

/// <summary>
/// What a batch posts (staging_month_end_master.kind): a month's source records, or the compensating
/// entries of a committed batch. One MONTHEND batch holds a period at a time; a REVERSAL sits beside
/// its period's batch.
/// </summary>
public static class BatchKind
{
    public const string MonthEnd = "MONTHEND";

    public const string Reversal = "REVERSAL";

    public static bool IsMonthEnd(this BatchRecord batch) => batch.Kind == MonthEnd;
}
