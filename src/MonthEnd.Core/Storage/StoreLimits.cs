namespace MonthEnd.Core.Storage;

/// <summary>
/// Bounds a store sets on what a batch may ask of it; checked by pre-flight before anything is
/// stored, so a plan beyond them is refused instead of being saved and failing every later run.
/// </summary>
/// <param name="MaxPartitions">Most partitions one batch's plan may have.</param>
/// <param name="PartitionReason">Why, for the refusal message.</param>
public sealed record StoreLimits(int MaxPartitions, string PartitionReason);

/// <summary>A limit a request went beyond: its name, the most allowed, and what was asked (a count, or IDR).</summary>
public sealed record LimitBreach(string Limit, decimal Allowed, decimal Asked, string Reason)
{
    public const string Partitions = "PARTITIONS_PER_BATCH";

    /// <summary>A fund's balance after the batch would not fit the ledger's amount column.</summary>
    public const string FundBalance = "FUND_BALANCE_FITS_LEDGER";
}
