using MonthEnd.Core.Approvals;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Approvals;

namespace MonthEnd.Operations.Periods;

/// <summary>What a close or reopen request asks for: the period, kept as the request's subject.</summary>
public sealed record PeriodSubject(string Period)
{
    public static PeriodSubject Parse(string subject) => ApprovalSubject.Read<PeriodSubject>(subject);

    public Period ParsedPeriod() =>
        Core.Calendar.Period.TryParse(Period, out var period) ? period : throw new OperationRefusedException($"the request names no period: {Core.Text.Shown.Quote(Period)}");

    public string ToJson() => ApprovalSubject.Write(this);
}

/// <summary>
/// Closing or reopening an accounting period: four-eyes, as the books of a month are final once closed.
/// The request is checked when made (so a doomed request is not left for an approver) and the store
/// checks again, in its own transaction, when it runs.
/// </summary>
public sealed class PeriodChange(IPeriodStore periods, TimeProvider clock, PeriodStatus to) : IApprovable
{
    public const string Close = "CLOSE_PERIOD";
    public const string Reopen = "REOPEN_PERIOD";

    public string Operation { get; } = to == PeriodStatus.Closed ? Close : Reopen;

    public Permission Permission => Permission.ClosePeriod;

    public async Task CheckAsync(Caller requester, string subject, CancellationToken ct)
    {
        var period = PeriodSubject.Parse(subject).ParsedPeriod();
        var current = await periods.GetPeriodAsync(period, ct);
        if (current.Status == to)
        {
            throw new OperationRefusedException($"accounting period {period} is already {to.Code()}");
        }
    }

    public async Task<string> ExecuteAsync(Caller approver, ApprovalRequest request, CancellationToken ct)
    {
        var period = PeriodSubject.Parse(request.Subject).ParsedPeriod();
        var changed = await periods.SetPeriodStatusAsync(period, to, approver.User, request.Reason, clock.GetUtcNow(), ct);
        return $"accounting period {changed.Period} is {changed.Status.Code()} (requested by {request.RequestedBy}, approved by {approver.User})";
    }
}
