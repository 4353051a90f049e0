using MonthEnd.Core.Source;

namespace MonthEnd.Core.Storage;

/// <summary>
/// A period's unprocessed source as of one moment: its version (null where the store keeps none;
/// see <see cref="IMonthEndStore.ReadSourceSnapshotAsync{T}"/>), its size, then its rows, every
/// status, premiums in txn_id order and claims in claim_id order (NULL ids first). Each stream is
/// read once, premiums before claims. <see cref="Strays"/> finds, on the same snapshot, the
/// unprocessed rows the period's rows cannot show (<see cref="StrayRow"/>); call it after the streams.
/// </summary>
public sealed record SourceSnapshot(
    string? Version,
    long PremiumCount,
    long ClaimCount,
    IAsyncEnumerable<PremiumRecord> Premiums,
    IAsyncEnumerable<ClaimRecord> Claims,
    Func<PostedIdRanges, CancellationToken, Task<IReadOnlyList<StrayRow>>> Strays);
