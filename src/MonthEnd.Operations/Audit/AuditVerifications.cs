using System.Text.Json;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Storage;

namespace MonthEnd.Operations.Audit;

/// <summary>What the last verification of the trail found, and when.</summary>
public sealed record AuditVerificationResult(bool Intact, DateTimeOffset At);

/// <summary>
/// The verifications of the trail, read back from the trail itself (its AUDIT_VERIFIED rows), so any
/// process can say what the last one found: a SUCCESS row keeps the result in its after_state; a
/// FAILED one is a verification that broke off on what it read (a row it could not read is tampering),
/// unless it was a refusal or a cancellation, which verified nothing.
/// </summary>
public static class AuditVerifications
{
    public const string Operation = "AUDIT_VERIFIED";

    public static async Task<AuditVerificationResult?> LastAsync(IAuditStore audit, CancellationToken ct)
    {
        AuditVerificationResult? last = null;
        try
        {
            await foreach (var row in audit.ReadAuditAsync(new AuditQuery(Operation: Operation), ct))
            {
                last = Of(row.Draft) ?? last;
            }
        }
        catch (AuditRowUnreadableException)
        {
            // A verification row edited past reading: the trail is not intact, whatever the rows before it said.
            return new AuditVerificationResult(false, last?.At ?? DateTimeOffset.UnixEpoch);
        }

        return last;
    }

    /// <summary>The verification a row records; null for a row that records none.</summary>
    public static AuditVerificationResult? Of(AuditDraft row)
    {
        if (row.Operation != Operation)
        {
            return null;
        }

        if (row.Status == AuditStatus.Success)
        {
            return new AuditVerificationResult(Property(row.AfterState, "intact") is { ValueKind: JsonValueKind.True }, row.PerformedAt);
        }

        var refused = Property(row.Details, "refused") is not null;
        var cancelled = Property(row.Details, "error") is { ValueKind: JsonValueKind.String } error && error.GetString() == "cancelled";
        return refused || cancelled ? null : new AuditVerificationResult(false, row.PerformedAt);
    }

    private static JsonElement? Property(string? json, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(json ?? "null");
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value) ? value.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
