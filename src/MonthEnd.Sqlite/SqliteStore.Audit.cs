using Dapper;
using Microsoft.Data.Sqlite;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Storage;
using MonthEnd.Sqlite.Rows;

namespace MonthEnd.Sqlite;

/// <summary>
/// The audit trail. An append is a write like any other: it queues on <see cref="WriteGate"/> (this
/// process's threads and other processes alike), so the last row it reads is still the last when
/// its row goes in, and the chain never forks. It waits behind a running batch's chunk or commit,
/// never inside one: no batch write appends to the trail, so there is no cycle.
/// </summary>
public sealed partial class SqliteStore : IAuditStore
{
    /// <summary>Rows read per statement: a statement in progress holds SQLite's shared lock, which would hold back every writer (an append included) for as long as a caller takes over the rows.</summary>
    private const int AuditPage = 1_000;

    public Task<AuditEntry> AppendAuditAsync(AuditDraft draft, Func<AuditEntry?, AuditDraft, AuditEntry> link, CancellationToken ct) =>
        WriteAsync((connection, transaction) =>
        {
            var last = LastAuditRow(connection, transaction);
            var entry = link(last, draft);
            AuditChain.RequireFollows(last, entry);
            connection.Execute($"INSERT INTO audit_batch_operations ({AuditRow.Columns}) VALUES ({AuditRow.Values})", AuditRow.Of(entry), transaction);
            return entry;
        }, ct, "appending to the audit trail");

    public Task<AuditEntry?> AuditHeadAsync(CancellationToken ct)
    {
        using var connection = Database.Open();
        return Task.FromResult(LastAuditRow(connection, null));
    }

    public IAsyncEnumerable<AuditEntry> ReadAuditAsync(AuditQuery query, CancellationToken ct) => ReadAudit(query, ct).ToAsyncEnumerable();

    private IEnumerable<AuditEntry> ReadAudit(AuditQuery query, CancellationToken ct)
    {
        var sql = $"""
            SELECT {AuditRow.Columns} FROM audit_batch_operations
            WHERE audit_id > @after
              AND (@from IS NULL OR performed_at >= @from)
              AND (@to IS NULL OR performed_at < @to)
              AND (@batchId IS NULL OR batch_id = @batchId)
              AND (@operation IS NULL OR operation = @operation)
            ORDER BY audit_id
            LIMIT {AuditPage}
            """;
        var (from, to) = query.StoredBounds;
        using var connection = Database.Open();
        var after = query.AfterId;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var page = connection.Query<AuditRow>(sql, new
            {
                after, batchId = query.BatchId, operation = query.Operation,
                from = from is { } f ? AuditRow.Text(f) : null, to = to is { } t ? AuditRow.Text(t) : null,
            }).ToList();
            foreach (var row in page)
            {
                yield return row.ToEntry();
            }

            if (page.Count < AuditPage)
            {
                yield break;
            }

            after = page[^1].audit_id;
        }
    }

    private static AuditEntry? LastAuditRow(SqliteConnection connection, SqliteTransaction? transaction) =>
        connection.QuerySingleOrDefault<AuditRow>(
            $"SELECT {AuditRow.Columns} FROM audit_batch_operations ORDER BY audit_id DESC LIMIT 1", transaction: transaction)?.ToEntry();
}
