using System.Runtime.CompilerServices;
using Dapper;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Storage;
using MonthEnd.Postgres.Rows;
using Npgsql;

namespace MonthEnd.Postgres;

/// <summary>
/// The audit trail. Every append takes one transaction-level advisory lock before it reads the last
/// row, in any process, so the row it links to is still the last when its own goes in, and the chain
/// never forks (the primary key would refuse a second row of the same number anyway). The lock is
/// the trail's alone and an append touches no batch table, so it never waits on a running batch's
/// writes, nor they on it.
/// </summary>
public sealed partial class PostgresStore : IAuditStore
{
    /// <summary>The trail's advisory lock ("MEAUDIT" in ASCII): one 64-bit key, apart from the migrator's and the rule sets'.</summary>
    private const long AuditLockKey = 0x4D_4541_5544_4954;

    public Task<AuditEntry> AppendAuditAsync(AuditDraft draft, Func<AuditEntry?, AuditDraft, AuditEntry> link, CancellationToken ct) =>
        InTransactionAsync(async (connection, transaction, _) =>
        {
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", new { key = AuditLockKey }, transaction);
            var last = await LastAuditRowAsync(connection, transaction);
            var entry = link(last, draft);
            AuditChain.RequireFollows(last, entry);
            await connection.ExecuteAsync($"INSERT INTO audit_batch_operations ({AuditRow.Columns}) VALUES ({AuditRow.Values})", AuditRow.Of(entry), transaction);
            return entry;
        }, ct);

    public Task<AuditEntry?> AuditHeadAsync(CancellationToken ct) =>
        RunAsync((connection, _) => LastAuditRowAsync(connection, null), ct);

    /// <remarks>One statement streamed from a connection of its own: MVCC keeps the snapshot without holding back writers.</remarks>
    public async IAsyncEnumerable<AuditEntry> ReadAuditAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken ct)
    {
        var (from, to) = query.StoredBounds;
        await using var connection = await Resilience.ExecuteAsync(OpenAsync, ct);
        var rows = connection.QueryUnbufferedAsync<AuditRow>($"""
            SELECT {AuditRow.Columns} FROM audit_batch_operations
            WHERE audit_id > @after
              AND (CAST(@from AS timestamptz) IS NULL OR performed_at >= @from)
              AND (CAST(@to AS timestamptz) IS NULL OR performed_at < @to)
              AND (CAST(@batchId AS text) IS NULL OR batch_id = @batchId)
              AND (CAST(@operation AS text) IS NULL OR operation = @operation)
            ORDER BY audit_id
            """, new { after = query.AfterId, from = from?.UtcDateTime, to = to?.UtcDateTime, batchId = query.BatchId, operation = query.Operation });
        await foreach (var row in rows.WithCancellation(ct))
        {
            yield return row.ToEntry();
        }
    }

    private static async Task<AuditEntry?> LastAuditRowAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction) =>
        (await connection.QuerySingleOrDefaultAsync<AuditRow>(
            $"SELECT {AuditRow.Columns} FROM audit_batch_operations ORDER BY audit_id DESC LIMIT 1", transaction: transaction))?.ToEntry();
}
