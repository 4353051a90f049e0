using MonthEnd.Core.Audit;
using MonthEnd.Core.Security;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Audit;

namespace MonthEnd.Operations.Notifications;

/// <summary>
/// Sending the due notifications (send_notifications), for `monthend notify` and `serve`'s
/// background dispatcher. The permission is checked once per call (a refusal is audited); every
/// pass that delivered or failed something is recorded in the trail with its counts, idle passes
/// of a follower are not (they would fill the trail with nothing).
/// </summary>
public sealed class NotificationOperations(OperationGate gate, NotificationDispatcher dispatcher)
{
    public const string Operation = "SEND_NOTIFICATIONS";

    /// <summary>How `serve` names itself in the trail when its background dispatcher sends.</summary>
    public static readonly Caller Server = new("monthend-serve", [Role.BatchWorker], "serve", null, "monthend-serve (notification dispatcher)");

    public IReadOnlyList<string> Channels => dispatcher.Channels;

    /// <summary>One pass, audited whatever it did.</summary>
    public async Task<DispatchPass> SendDueAsync(Caller caller, CancellationToken ct)
    {
        await gate.AuthorizeAsync(caller, Permission.SendNotifications, Operation, null, null, ct);
        var pass = await dispatcher.PassAsync(ct);
        await RecordAsync(caller, pass);
        return pass;
    }

    /// <summary>Passes every <paramref name="interval"/> until cancelled; <paramref name="onPass"/> sees each that did something.</summary>
    public async Task FollowAsync(Caller caller, TimeSpan interval, Action<DispatchPass> onPass, Action<Exception> onError, CancellationToken ct)
    {
        await gate.AuthorizeAsync(caller, Permission.SendNotifications, Operation, null, new { follow = true }, ct);
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                var pass = await dispatcher.PassAsync(ct);
                if (pass.DidAnything)
                {
                    await RecordAsync(caller, pass);
                    onPass(pass);
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // The database or a setting failed this pass; the next one tries again.
                onError(e);
            }
        }
        while (await timer.WaitForNextTickAsync(ct));
    }

    private Task<AuditEntry> RecordAsync(Caller caller, DispatchPass pass) =>
        gate.RecordAsync(new AuditRecord(Operation, null, caller.User, new ClientInfo(caller.Interface, caller.IpAddress, caller.UserAgent),
            pass.Failed == 0 ? AuditStatus.Success : AuditStatus.Failed,
            new { channels = pass.Channels.Select(c => new { channel = c.Channel, delivered = c.Delivered, failed = c.Failed, busy = c.Busy }) }));
}
