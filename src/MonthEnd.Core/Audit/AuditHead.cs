using System.Globalization;

namespace MonthEnd.Core.Audit;

/// <summary>
/// The last row of the chain as a short text, <c>AUDIT_ID:MAC</c> (the MAC in 64 lower-case hex
/// digits), for an auditor to keep outside the database: a later verification given it notices rows
/// deleted from the end of the chain, which the chain alone cannot show.
/// </summary>
public sealed record AuditHead
{
    public AuditHead(long auditId, string mac)
    {
        if (auditId < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(auditId), auditId, "audit ids start at 1");
        }

        if (mac.Length != AuditChain.MacLength * 2 || !mac.All(char.IsAsciiHexDigit))
        {
            throw new FormatException($"{Text.Shown.Quote(mac)} is not a MAC ({AuditChain.MacLength * 2} hex digits)");
        }

        AuditId = auditId;
        Mac = mac.ToLowerInvariant();
    }

    public long AuditId { get; }

    /// <summary>64 lower-case hex digits.</summary>
    public string Mac { get; }

    public override string ToString() => $"{AuditId.ToString(CultureInfo.InvariantCulture)}:{Mac}";

    /// <summary>Reads <c>AUDIT_ID:MAC</c> as <see cref="ToString"/> writes it (hex digits in either case).</summary>
    public static AuditHead Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 1 || !long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
        {
            throw new FormatException($"{Text.Shown.Quote(text)} is not an audit head: write it as AUDIT_ID:MAC, as `audit head` prints it");
        }

        return new AuditHead(id, text[(colon + 1)..]);
    }
}
