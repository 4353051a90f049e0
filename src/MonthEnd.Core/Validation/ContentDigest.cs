using System.Globalization;

namespace MonthEnd.Core.Validation;

/// <summary>
/// The content of a set of journal rows as one 128-bit value: the sum, modulo 2^128, of every
/// header's and every line's <see cref="EntryContent"/> hash. A sum rather than a hash of a
/// sequence, so that chunks staged in any order, by any worker, add up to their partition's digest,
/// and the pre-flight can compute what a partition must hold before a worker has written anything.
/// A changed, added, removed or moved row changes it (each row's hash carries its JE number and
/// every column the ledger keeps). It detects mistakes and hand edits, not a forger who also
/// rewrites the plan: that is what a keyed audit seal is for.
/// </summary>
public readonly record struct ContentDigest(UInt128 Value)
{
    public static ContentDigest Empty => default;

    public ContentDigest Add(UInt128 rowHash) => new(unchecked(Value + rowHash));

    public ContentDigest Add(ContentDigest other) => new(unchecked(Value + other.Value));

    /// <summary>32 lower-case hex digits, as stored beside a partition or a chunk seal.</summary>
    public override string ToString() => Value.ToString("x32", CultureInfo.InvariantCulture);

    public static ContentDigest Parse(string hex) =>
        hex.Length == 32 && UInt128.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? new ContentDigest(value)
            : throw new FormatException($"'{hex}' is not a content digest (32 hex digits)");

    public static ContentDigest? ParseOrNull(string? hex) => hex is null ? null : Parse(hex);
}
