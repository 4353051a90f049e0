using Dapper;
using Microsoft.Data.Sqlite;
using MonthEnd.Core.Approvals;
using MonthEnd.Core.Storage;
using MonthEnd.Sqlite.Rows;

namespace MonthEnd.Sqlite;

/// <summary>
/// Four-eyes requests (<see cref="IApprovalStore"/>). A decision and a completion are each one
/// conditional UPDATE behind the write gate, so of two deciders (threads or processes) one changes
/// the row and the other finds it decided.
/// </summary>
public sealed partial class SqliteStore : IApprovalStore
{
    public async Task<ApprovalRequest> CreateRequestAsync(ApprovalRequest request, CancellationToken ct)
    {
        StoreArguments.CheckRequest(request);
        return await WriteAsync((connection, transaction) => connection.QuerySingle<ApprovalRow>($"""
            INSERT INTO approval_request (operation, subject, reason, requested_by, requested_at, expires_at, status)
            VALUES (@Operation, @Subject, @Reason, @RequestedBy, @requestedAt, @expiresAt, 'PENDING')
            RETURNING {ApprovalRow.Columns}
            """, new
        {
            request.Operation, request.Subject, request.Reason, request.RequestedBy, requestedAt = UtcText.Of(request.RequestedAt),
            expiresAt = UtcText.Of(request.ExpiresAt),
        }, transaction).ToRequest(), ct, "storing an approval request");
    }

    public Task<ApprovalRequest?> FindRequestAsync(long requestId, CancellationToken ct)
    {
        using var connection = Database.Open();
        return Task.FromResult(FindRequest(connection, null, requestId));
    }

    public Task<IReadOnlyList<ApprovalRequest>> ListRequestsAsync(ApprovalStatus? status, DateTimeOffset now, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        using var connection = Database.Open();
        var requests = connection.Query<ApprovalRow>($"""
                SELECT {ApprovalRow.Columns} FROM approval_request
                WHERE @status IS NULL OR (CASE WHEN status = 'PENDING' AND expires_at <= @now THEN 'EXPIRED' ELSE status END) = @status
                ORDER BY requested_at DESC, request_id DESC LIMIT @limit
                """, new { status = status?.Code(), now = UtcText.Of(now), limit })
            .Select(r => r.ToRequest().AsOf(now)).ToList();
        return Task.FromResult<IReadOnlyList<ApprovalRequest>>(requests);
    }

    public async Task<ApprovalRequest> DecideAsync(long requestId, string decidedBy, bool approve, DateTimeOffset now, CancellationToken ct)
    {
        StoredText.Key(decidedBy, "a decider");
        var at = UtcText.Of(now);
        var (decided, refusal) = await WriteAsync<(ApprovalRequest?, string?)>((connection, transaction) =>
        {
            var row = connection.QuerySingleOrDefault<ApprovalRow>($"""
                UPDATE approval_request SET status = @to, decided_by = @decidedBy, decided_at = @at
                WHERE request_id = @requestId AND status = 'PENDING' AND expires_at > @at AND requested_by <> @decidedBy COLLATE NOCASE
                RETURNING {ApprovalRow.Columns}
                """, new { requestId, decidedBy, at, to = (approve ? ApprovalStatus.Approved : ApprovalStatus.Rejected).Code() }, transaction);
            if (row is not null)
            {
                return (row.ToRequest(), null);
            }

            var current = FindRequest(connection, transaction, requestId);
            if (ApprovalRefusal.HasLapsed(current, now))
            {
                connection.Execute("UPDATE approval_request SET status = 'EXPIRED' WHERE request_id = @requestId AND status = 'PENDING' AND expires_at <= @at",
                    new { requestId, at }, transaction);
            }

            return (null, ApprovalRefusal.OfDecision(current, decidedBy, approve, now));
        }, ct, "deciding an approval request");

        // Thrown once the transaction committed: a lapsed request stays marked EXPIRED.
        return decided ?? throw new ApprovalStateException(requestId, refusal!);
    }

    public async Task<ApprovalRequest> CompleteAsync(long requestId, ApprovalStatus result, string outcome, CancellationToken ct)
    {
        StoreArguments.CheckCompletion(result, outcome);
        return await WriteAsync((connection, transaction) => connection.QuerySingleOrDefault<ApprovalRow>($"""
                UPDATE approval_request SET status = @result, outcome = @outcome WHERE request_id = @requestId AND status = 'APPROVED'
                RETURNING {ApprovalRow.Columns}
                """, new { requestId, result = result.Code(), outcome }, transaction)?.ToRequest()
            ?? throw new ApprovalStateException(requestId, ApprovalRefusal.OfCompletion(FindRequest(connection, transaction, requestId))),
            ct, "completing an approval request");
    }

    private static ApprovalRequest? FindRequest(SqliteConnection connection, SqliteTransaction? transaction, long requestId) =>
        connection.QuerySingleOrDefault<ApprovalRow>($"SELECT {ApprovalRow.Columns} FROM approval_request WHERE request_id = @requestId",
            new { requestId }, transaction)?.ToRequest();
}
