using MonthEnd.Core.Audit;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;

namespace MonthEnd.Operations.Audit;

/// <summary>
/// What audit verify found: the chain, every sealed batch's ledger, committed batches that carry no
/// seal, and the sealed batches rolled back since (their seals are not checked against the ledger).
/// </summary>
public sealed record AuditReport(
    AuditVerification Chain, IReadOnlyList<SealVerification> Seals, IReadOnlyList<string> Unsealed, IReadOnlyList<string> UnreadableSeals,
    IReadOnlyList<string> RolledBack)
{
    public bool Intact => Chain.Intact && Seals.All(s => s.Intact) && Unsealed.Count == 0 && UnreadableSeals.Count == 0;
}

/// <summary>The auditor's family: verify the trail and the sealed ledgers, print the head, read and export the trail.</summary>
public sealed class AuditOperations(IMonthEndStore store, IAuditStore audit, ILedgerSeals ledger, AuditSigner signer, OperationGate gate)
{
    /// <summary>Every batch a database holds in decades of month-ends; the list is not cut short in practice.</summary>
    private const int AllBatches = 100_000;

    public Task<AuditReport> VerifyAsync(Caller caller, AuditHead? expectedHead, CancellationToken ct) =>
        gate.ChangeAsync(caller, Permission.VerifyAudit, AuditVerifications.Operation, null, new { expected_head = expectedHead?.ToString() }, async c =>
        {
            var verified = await AuditVerifier.VerifyAsync(signer.Chain, audit.ReadAuditAsync(new AuditQuery(), c), expectedHead, c);
            var seals = new List<SealVerification>();
            var unreadable = new List<string>();
            var sealedBatches = new HashSet<string>(StringComparer.Ordinal);
            var rolledBack = await RolledBackAsync(c);
            await foreach (var row in audit.ReadAuditAsync(new AuditQuery(Operation: LedgerSeal.Operation), c))
            {
                if (row.Draft.Operation != LedgerSeal.Operation || row.Draft.BatchId is null)
                {
                    continue;
                }

                if (rolledBack.Contains(row.Draft.BatchId))
                {
                    sealedBatches.Add(row.Draft.BatchId);
                    continue;
                }

                sealedBatches.Add(row.Draft.BatchId);
                try
                {
                    seals.Add(await ledger.VerifyLedgerSealAsync(LedgerSealJson.Read(row.Draft.Details), c));
                }
                catch (FormatException e)
                {
                    unreadable.Add($"audit row {row.AuditId}: the seal of batch {row.Draft.BatchId} cannot be read ({e.Message})");
                }
            }

            var unsealed = (await store.ListBatchesAsync(null, AllBatches, c))
                .Where(b => b.Status == BatchStatus.Committed && !sealedBatches.Contains(b.BatchId))
                .Select(b => b.BatchId).ToList();
            return new AuditReport(verified, seals, unsealed, unreadable, [.. rolledBack.Order(StringComparer.Ordinal)]);
        }, r => new
        {
            intact = r.Intact,
            rows_verified = r.Chain.RowsVerified,
            head = r.Chain.Head?.ToString(),
            chain_problem = r.Chain.Problem?.Message,
            seals_verified = r.Seals.Count,
            seal_problems = r.Seals.Where(s => !s.Intact).Select(s => s.Summary()),
            unsealed = r.Unsealed,
            rolled_back = r.RolledBack,
        }, ct);

    /// <summary>Batches whose committed ledger was rolled back, by the trail's own SUCCESS rows (a status edited by hand does not count).</summary>
    private async Task<HashSet<string>> RolledBackAsync(CancellationToken ct)
    {
        var batches = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in audit.ReadAuditAsync(new AuditQuery(Operation: LedgerSeal.RolledBackOperation), ct))
        {
            if (row.Draft is { Operation: LedgerSeal.RolledBackOperation, Status: AuditStatus.Success, BatchId: { } id })
            {
                batches.Add(id);
            }
        }

        return batches;
    }

    public Task<AuditHead?> HeadAsync(Caller caller, CancellationToken ct) =>
        gate.ReadAsync(caller, Permission.VerifyAudit, "AUDIT_HEAD", null, null, sensitive: true,
            async c => await audit.AuditHeadAsync(c) is { } head ? new AuditHead(head.AuditId, Convert.ToHexStringLower(head.Mac)) : null, ct);

    public Task<IReadOnlyList<AuditEntry>> ReadAsync(Caller caller, AuditQuery query, CancellationToken ct) =>
        gate.ReadAsync(caller, Permission.ViewAuditTrail, "AUDIT_TRAIL_VIEWED", query.BatchId, Describe(query), sensitive: true, c => ListAsync(query, c), ct);

    public Task<IReadOnlyList<AuditEntry>> ExportAsync(Caller caller, AuditQuery query, CancellationToken ct) =>
        gate.ReadAsync(caller, Permission.ExportAuditLogs, "AUDIT_EXPORTED", query.BatchId, Describe(query), sensitive: true, c => ListAsync(query, c), ct);

    private async Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken ct)
    {
        var rows = new List<AuditEntry>();
        await foreach (var row in audit.ReadAuditAsync(query, ct))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static object Describe(AuditQuery query) => new { from = query.From, to = query.To, batch_id = query.BatchId };
}
