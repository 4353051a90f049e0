using Dapper;
using MonthEnd.Core.Approvals;
using MonthEnd.Core.Storage;
using MonthEnd.Postgres.Rows;
using Npgsql;

namespace MonthEnd.Postgres;

/// <summary>
/// Four-eyes requests (<see cref="IApprovalStore"/>). A decision and a completion are each one
/// conditional UPDATE: of two deciders at once, the second waits for the first's row lock, then finds
/// the row no longer PENDING and changes nothing.
/// </summary>
public sealed partial class PostgresStore : IApprovalStore
{
    public async Task<ApprovalRequest> CreateRequestAsync(ApprovalRequest request, CancellationToken ct)
    {
        StoreArguments.CheckRequest(request);
        return await RunAsync(async (connection, _) => (await connection.QuerySingleAsync<ApprovalRow>($"""
            INSERT INTO approval_request (operation, subject, reason, requested_by, requested_at, expires_at, status)
            VALUES (@Operation, CAST(@Subject AS json), @Reason, @RequestedBy, @requestedAt, @expiresAt, 'PENDING')
            RETURNING {ApprovalRow.Columns}
            """, new
        {
            request.Operation, request.Subject, request.Reason, request.RequestedBy, requestedAt = UtcTime.Of(request.RequestedAt),
            expiresAt = UtcTime.Of(request.ExpiresAt),
        })).ToRequest(), ct);
    }

    public Task<ApprovalRequest?> FindRequestAsync(long requestId, CancellationToken ct) =>
        RunAsync((connection, _) => FindRequestAsync(connection, null, requestId), ct);

    public Task<IReadOnlyList<ApprovalRequest>> ListRequestsAsync(ApprovalStatus? status, DateTimeOffset now, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return RunAsync<IReadOnlyList<ApprovalRequest>>(async (connection, _) => (await connection.QueryAsync<ApprovalRow>($"""
                SELECT {ApprovalRow.Columns} FROM approval_request
                WHERE @status::text IS NULL OR (CASE WHEN status = 'PENDING' AND expires_at <= @now THEN 'EXPIRED' ELSE status END) = @status
                ORDER BY requested_at DESC, request_id DESC LIMIT @limit
                """, new { status = status?.Code(), now = UtcTime.Of(now), limit }))
            .Select(r => r.ToRequest().AsOf(now)).ToList(), ct);
    }

    public async Task<ApprovalRequest> DecideAsync(long requestId, string decidedBy, bool approve, DateTimeOffset now, CancellationToken ct)
    {
        StoredText.Key(decidedBy, "a decider");
        var at = UtcTime.Of(now);
        var (decided, refusal) = await InTransactionAsync<(ApprovalRequest?, string?)>(async (connection, transaction, _) =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<ApprovalRow>($"""
                UPDATE approval_request SET status = @to, decided_by = @decidedBy, decided_at = @at
                WHERE request_id = @requestId AND status = 'PENDING' AND expires_at > @at
                  AND lower(requested_by COLLATE "C") <> lower(@decidedBy COLLATE "C")
                RETURNING {ApprovalRow.Columns}
                """, new { requestId, decidedBy, at, to = (approve ? ApprovalStatus.Approved : ApprovalStatus.Rejected).Code() }, transaction);
            if (row is not null)
            {
                return (row.ToRequest(), null);
            }

            var current = await FindRequestAsync(connection, transaction, requestId);
            if (ApprovalRefusal.HasLapsed(current, now))
            {
                await connection.ExecuteAsync("UPDATE approval_request SET status = 'EXPIRED' WHERE request_id = @requestId AND status = 'PENDING' AND expires_at <= @at",
                    new { requestId, at }, transaction);
            }

            return (null, ApprovalRefusal.OfDecision(current, decidedBy, approve, now));
        }, ct);

        // Thrown once the transaction committed: a lapsed request stays marked EXPIRED.
        return decided ?? throw new ApprovalStateException(requestId, refusal!);
    }

    public async Task<ApprovalRequest> CompleteAsync(long requestId, ApprovalStatus result, string outcome, CancellationToken ct)
    {
        StoreArguments.CheckCompletion(result, outcome);
        return await RunAsync(async (connection, _) => (await connection.QuerySingleOrDefaultAsync<ApprovalRow>($"""
                UPDATE approval_request SET status = @result, outcome = @outcome WHERE request_id = @requestId AND status = 'APPROVED'
                RETURNING {ApprovalRow.Columns}
                """, new { requestId, result = result.Code(), outcome }))?.ToRequest()
            ?? throw new ApprovalStateException(requestId, ApprovalRefusal.OfCompletion(await FindRequestAsync(connection, null, requestId))), ct);
    }

    private static async Task<ApprovalRequest?> FindRequestAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long requestId) =>
        (await connection.QuerySingleOrDefaultAsync<ApprovalRow>($"SELECT {ApprovalRow.Columns} FROM approval_request WHERE request_id = @requestId",
            new { requestId }, transaction))?.ToRequest();
}
