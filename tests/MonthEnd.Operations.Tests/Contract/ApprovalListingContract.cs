using Microsoft.Extensions.Options;
using MonthEnd.Core.Approvals;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Approvals;
using MonthEnd.Operations.Users;
using MonthEnd.Store.Tests.Contract;
using Shouldly;
using Xunit;

namespace MonthEnd.Operations.Tests.Contract;

/// <summary>`monthend requests` as the operations layer answers it: a request past its expiry is EXPIRED, not PENDING.</summary>
public abstract class ApprovalListingContract(Func<IStoreTarget> targets)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task a_request_made_more_than_its_lifetime_ago_is_listed_expired_and_not_among_the_pending()
    {
        await using var target = targets();
        await using var host = await OperationsHost.StartAsync(target);
        var alice = await host.UserAsync("alice", Role.BatchAdmin);
        var bob = await host.UserAsync("bob", Role.BatchAdmin);
        await host.UserAsync("target", Role.FinanceViewer);
        var lifetime = host.Get<IOptions<ApprovalOptions>>().Value.RequestLifetime;
        var yesterday = Requests(host, new ManualClock(DateTimeOffset.UtcNow - lifetime - TimeSpan.FromMinutes(1)));
        var subject = new RoleChange("target", Role.BatchAdmin.Name(), true).ToJson();
        var lapsed = await yesterday.RequestAsync(alice, "GRANT_BATCH_ADMIN", subject, "made a day and a minute ago", Ct);
        var live = await host.Get<ApprovalOperations>().RequestAsync(alice, "GRANT_BATCH_ADMIN", subject, "made now", Ct);
        var listing = host.Get<ApprovalOperations>();

        var all = await listing.ListAsync(bob, null, Ct);

        all.Single(r => r.RequestId == lapsed.RequestId).Status.ShouldBe(ApprovalStatus.Expired);
        all.Single(r => r.RequestId == live.RequestId).Status.ShouldBe(ApprovalStatus.Pending);
        (await listing.ListAsync(bob, ApprovalStatus.Pending, Ct)).Select(r => r.RequestId).ShouldBe([live.RequestId]);
        (await listing.ListAsync(bob, ApprovalStatus.Expired, Ct)).Select(r => r.RequestId).ShouldBe([lapsed.RequestId]);
        (await yesterday.ListAsync(bob, ApprovalStatus.Pending, Ct)).Select(r => r.RequestId).ShouldBe([live.RequestId, lapsed.RequestId],
            "as of a day ago both waited (the live one listed by the same rule, though made later)");
        (await Should.ThrowAsync<ApprovalStateException>(() => listing.ApproveAsync(bob, lapsed.RequestId, Ct))).Reason.ShouldStartWith("expired at ");
    }

    /// <summary>The operations as a host wires them, but reading the time from <paramref name="clock"/>.</summary>
    private static ApprovalOperations Requests(OperationsHost host, TimeProvider clock) =>
        new(host.Get<IApprovalStore>(), host.Get<OperationGate>(), host.Get<IEnumerable<IApprovable>>(), clock, host.Get<IOptions<ApprovalOptions>>());
}
