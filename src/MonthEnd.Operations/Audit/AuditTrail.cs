using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Compliance.Redaction;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Privacy;

namespace MonthEnd.Operations.Audit;

/// <summary>
/// Appends rows to audit_batch_operations, chained with the key (<see cref="AuditChain"/>). Details
/// and states are serialized through the product's redactor (<see cref="RedactingJson"/>): personal
/// data an operation puts in them, classified, is kept only as the redactor shows it. The trail is
/// tamper-evident and kept for years, so nothing in it can be masked afterwards.
/// </summary>
public sealed class AuditTrail(IAuditStore store, AuditSigner signer, TimeProvider clock, IRedactorProvider redactors)
{
    private readonly JsonSerializerOptions _json = RedactingJson.With(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
    }, redactors);

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

    private string Serialize(object value) => JsonSerializer.Serialize(value, _json);

    /// <summary>operation_details: the operation's own fields, and the interface it came through.</summary>
    private string Details(string client, object? details)
    {
        var node = details is null ? new JsonObject() : JsonSerializer.SerializeToNode(details, _json) as JsonObject ?? new JsonObject { ["value"] = JsonSerializer.SerializeToNode(details, _json) };
        node["interface"] = client;
        return node.ToJsonString(_json);
    }

    // Both stores keep microseconds; the MAC covers exactly what is read back.
    private static DateTimeOffset Microseconds(DateTimeOffset now) => new(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
}
