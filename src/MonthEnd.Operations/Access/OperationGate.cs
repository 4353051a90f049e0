using Microsoft.Extensions.Logging;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Security;
using MonthEnd.Operations.Audit;

namespace MonthEnd.Operations.Access;

/// <summary>
/// The door every operation goes through: the caller's permission is checked first (a refusal is
/// written to the trail as FAILED and nothing else happens), then the operation runs, and its
/// outcome is written to the trail: SUCCESS with the state it left, or FAILED with the reason.
/// </summary>
public sealed partial class OperationGate(AuditTrail trail, ILogger<OperationGate> log)
{
    /// <summary>Checks the permission; a refusal is audited and thrown as <see cref="AccessDeniedException"/>.</summary>
    /// <remarks>A null permission means any signed-in user may (one's own tokens, one's own password).</remarks>
    public async Task AuthorizeAsync(Caller caller, Permission? permission, string operation, string? batchId, object? details, CancellationToken ct)
    {
        if (permission is not { } needed || caller.Holds(needed))
        {
            return;
        }

        var denied = new AccessDeniedException(caller, needed);
        LogDenied(log, caller.User, operation, needed.Name());
        await trail.RecordAsync(Record(caller, operation, batchId, AuditStatus.Failed,
            new { details, refused = denied.Message, permission = needed.Name() }), CancellationToken.None);
        throw denied;
    }

    /// <summary>
    /// A state-changing operation: authorized, run, and audited either way. <paramref name="after"/>
    /// picks from the result what the trail keeps as after_state.
    /// </summary>
    public async Task<T> ChangeAsync<T>(
        Caller caller, Permission? permission, string operation, string? batchId, object? details,
        Func<CancellationToken, Task<T>> body, Func<T, object?> after, CancellationToken ct, object? before = null)
    {
        await AuthorizeAsync(caller, permission, operation, batchId, details, ct);
        T result;
        try
        {
            result = await body(ct);
        }
        catch (Exception e)
        {
            LogFailed(log, caller.User, operation, Describe(e));
            await trail.RecordAsync(Record(caller, operation, batchId, AuditStatus.Failed,
                new { details, error = Describe(e) }, before), CancellationToken.None);
            throw;
        }

        await trail.RecordAsync(Record(caller, operation, batchId, AuditStatus.Success, details, before, after(result)), CancellationToken.None);
        LogSucceeded(log, caller.User, operation, batchId);
        return result;
    }

    /// <summary>A read: authorized (a refusal is audited); <paramref name="sensitive"/> reads (the trail itself, exports) are audited when they succeed too.</summary>
    public async Task<T> ReadAsync<T>(
        Caller caller, Permission permission, string operation, string? batchId, object? details, bool sensitive,
        Func<CancellationToken, Task<T>> body, CancellationToken ct)
    {
        await AuthorizeAsync(caller, permission, operation, batchId, details, ct);
        if (!sensitive)
        {
            return await body(ct);
        }

        return await ChangeAsync(caller, permission, operation, batchId, details, body, _ => null, ct);
    }

    /// <summary>Records an event that is not a caller's operation on its own (a failed sign-in, a batch seal).</summary>
    public Task<AuditEntry> RecordAsync(AuditRecord record)
    {
        LogRecorded(log, record.Operation, record.Status, record.PerformedBy, record.BatchId);
        return trail.RecordAsync(record, CancellationToken.None);
    }

    private static AuditRecord Record(Caller caller, string operation, string? batchId, AuditStatus status, object? details, object? before = null, object? after = null) =>
        new(operation, batchId, caller.User, new ClientInfo(caller.Interface, caller.IpAddress, caller.UserAgent), status, details, before, after);

    // The exception's own message names the record and the rule; its type says what kind of failure it was.
    private static string Describe(Exception e) => e is OperationCanceledException ? "cancelled" : $"{e.GetType().Name}: {e.Message}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "{User} was refused {Operation}: lacks {Permission}")]
    private static partial void LogDenied(ILogger logger, string user, string operation, string permission);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Operation} by {User} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string user, string operation, string error);

    // The batch, when there is one, is a field of the event rather than words of its message.
    [LoggerMessage(Level = LogLevel.Information, Message = "{Operation} by {User} succeeded")]
    private static partial void LogSucceeded(ILogger logger, string user, string operation, string? batchId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Operation} {Status} for {User}")]
    private static partial void LogRecorded(ILogger logger, string operation, AuditStatus status, string user, string? batchId);
}
