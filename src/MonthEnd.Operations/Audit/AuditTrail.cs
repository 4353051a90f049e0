using System.Text.Json;
using System.Text.Json.Nodes;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Storage;

namespace MonthEnd.Operations.Audit;

/// <summary>Appends rows to audit_batch_operations, chained with the key (<see cref="AuditChain"/>).</summary>
public sealed class AuditTrail(IAuditStore store, AuditSigner signer, TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
    };

    public Task<AuditEntry> RecordAsync(AuditRecord record, CancellationToken ct)
    {
        var draft = new AuditDraft(
            record.BatchId,
            record.Operation,
            record.PerformedBy,
            Microseconds(clock.GetUtcNow()),
            record.Client.IpAddress,
            record.Client.UserAgent,
            Details(record.Client.Interface, record.Details),
            record.Status,
            record.Before is null ? null : Serialize(record.Before),
            record.After is null ? null : Serialize(record.After));
        return store.AppendAuditAsync(draft, signer.Link, ct);
    }

    public static string Serialize(object value) => JsonSerializer.Serialize(value, Json);

    /// <summary>operation_details: the operation's own fields, and the interface it came through.</summary>
    private static string Details(string client, object? details)
    {
        var node = details is null ? new JsonObject() : JsonSerializer.SerializeToNode(details, Json) as JsonObject ?? new JsonObject { ["value"] = JsonSerializer.SerializeToNode(details, Json) };
        node["interface"] = client;
        return node.ToJsonString(Json);
    }

    // Both stores keep microseconds; the MAC covers exactly what is read back.
    private static DateTimeOffset Microseconds(DateTimeOffset now) => new(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
}
