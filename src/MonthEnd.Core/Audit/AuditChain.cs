using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MonthEnd.Core.Audit;

/// <summary>
/// The trail's tamper evidence: each row's MAC is HMAC-SHA256(key, previous row's MAC || the row's
/// canonical bytes (<see cref="AuditSerialization"/>)), the first row's previous MAC being 32 zero
/// bytes. Whoever can write to the database but does not hold the key can neither edit a row, nor
/// delete or insert one, nor rewrite the chain from any point on, without the MACs showing it
/// (<see cref="AuditVerifier"/>). The key lives outside the database (a key file, an environment
/// variable): the host reads it and hands its bytes here.
/// </summary>
public sealed class AuditChain
{
    public const int MacLength = 32;

    /// <summary>The version new rows are written with.</summary>
    public const int CurrentVersion = AuditSerialization.Version1;

    /// <summary>An HMAC-SHA256 key shorter than its hash would weaken it; 32 random bytes is what a key file holds.</summary>
    public const int MinimumKeyLength = 32;

    private readonly byte[] _key;

    public AuditChain(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinimumKeyLength)
        {
            throw new ArgumentException($"an audit key needs at least {MinimumKeyLength} bytes; this one has {key.Length}", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>The previous MAC of the chain's first row.</summary>
    public static byte[] GenesisMac => new byte[MacLength];

    /// <summary>
    /// The row that follows <paramref name="previous"/> (null: the first row, number 1): the draft made
    /// canonical, numbered, and MACed. Refuses a draft whose operation or user is empty, whose details
    /// are not a JSON object, or whose before/after states are not JSON.
    /// </summary>
    public AuditEntry Link(AuditEntry? previous, AuditDraft draft)
    {
        var row = Canonical(draft);
        Require(row);
        var id = previous is null ? 1 : checked(previous.AuditId + 1);
        var previousMac = previous?.Mac.ToArray() ?? GenesisMac;
        if (previousMac.Length != MacLength)
        {
            throw new ArgumentException($"row {previous!.AuditId}'s MAC has {previousMac.Length} bytes, not {MacLength}", nameof(previous));
        }

        return new AuditEntry(id, row, CurrentVersion, previousMac, Mac(previousMac, id, row, CurrentVersion));
    }

    /// <summary>
    /// What a store checks before it inserts the row a link function made: that it follows the last
    /// row (its number next, its previous MAC that row's), so no function can fork or break the chain.
    /// </summary>
    public static void RequireFollows(AuditEntry? last, AuditEntry next)
    {
        var number = (last?.AuditId ?? 0) + 1;
        if (next.AuditId != number || !next.PreviousMac.AsSpan().SequenceEqual(last?.Mac ?? GenesisMac) || next.Mac.Length != MacLength)
        {
            throw new InvalidOperationException(
                $"audit row {next.AuditId} does not follow the chain's last row ({last?.AuditId.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}): nothing was appended");
        }
    }

    /// <summary>Whether the row's MAC is what this key makes of its previous MAC and its fields (false for a version this code does not know).</summary>
    public bool Verifies(AuditEntry entry) =>
        AuditSerialization.Knows(entry.ChainVersion) && entry.Mac.Length == MacLength
        && CryptographicOperations.FixedTimeEquals(Mac(entry.PreviousMac, entry.AuditId, entry.Draft, entry.ChainVersion), entry.Mac);

    public byte[] Mac(ReadOnlySpan<byte> previousMac, long auditId, AuditDraft draft, int version)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(previousMac);
        hmac.AppendData(AuditSerialization.Serialize(version, auditId, draft));
        return hmac.GetHashAndReset();
    }

    /// <summary>
    /// The draft as both stores keep it, so that a row read back serializes to the same bytes:
    /// performed_at in UTC, truncated to the microsecond (PostgreSQL's precision); in every text, a NUL
    /// (which PostgreSQL's text cannot hold) and half a surrogate pair (which UTF-8 cannot encode)
    /// become U+FFFD. Everything else, control characters included, is kept as it is.
    /// </summary>
    public static AuditDraft Canonical(AuditDraft draft) => new(
        Storable(draft.BatchId), Storable(draft.Operation)!, Storable(draft.PerformedBy)!, Truncated(draft.PerformedAt), Storable(draft.IpAddress),
        Storable(draft.UserAgent), Storable(draft.Details)!, draft.Status, Storable(draft.BeforeState), Storable(draft.AfterState));

    private static DateTimeOffset Truncated(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % 10), TimeSpan.Zero);

    private static string? Storable(string? text)
    {
        if (text is null)
        {
            return null;
        }

        StringBuilder? replaced = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                replaced?.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (c == '\0' || char.IsSurrogate(c))
            {
                replaced ??= new StringBuilder(text.Length).Append(text, 0, i);
                replaced.Append('\uFFFD');
            }
            else
            {
                replaced?.Append(c);
            }
        }

        return replaced?.ToString() ?? text;
    }

    private static void Require(AuditDraft row)
    {
        if (string.IsNullOrEmpty(row.Operation) || string.IsNullOrEmpty(row.PerformedBy))
        {
            throw new ArgumentException("an audit row needs an operation and the user who performed it");
        }

        RequireJson(row.Details, "operation_details", objectOnly: true);
        RequireJson(row.BeforeState, "before_state", objectOnly: false);
        RequireJson(row.AfterState, "after_state", objectOnly: false);
    }

    private static void RequireJson(string? text, string column, bool objectOnly)
    {
        if (text is null)
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (objectOnly && document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"{column} must be a JSON object, not {document.RootElement.ValueKind}");
            }
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{column} is not JSON: {e.Message}", e);
        }
    }
}
