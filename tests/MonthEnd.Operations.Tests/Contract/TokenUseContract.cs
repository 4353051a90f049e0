using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Identity;
using MonthEnd.Operations.Users;
using MonthEnd.Store.Tests.Contract;
using Shouldly;
using Xunit;

namespace MonthEnd.Operations.Tests.Contract;

/// <summary>
/// A token's last use is kept to the minute: callers polling the API sign in on every call, and one
/// write per call would queue each of them behind a running batch for SQLite's single writer.
/// </summary>
public abstract class TokenUseContract(Func<IStoreTarget> targets)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task a_token_used_again_within_a_minute_keeps_its_last_use_and_a_minute_later_records_the_new_one()
    {
        await using var target = targets();
        await using var host = await OperationsHost.StartAsync(target);
        var viewer = await host.UserAsync("vera", Role.FinanceViewer);
        var created = await host.Get<TokenOperations>().CreateAsync(viewer, null, "poller", null, Ct);
        // Whole seconds: the stores keep times to the millisecond or microsecond.
        var start = new DateTimeOffset(created.Token.CreatedAt.UtcTicks - (created.Token.CreatedAt.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddMinutes(5);
        var clock = new ManualClock(start);
        var signIn = SignInAt(host, clock);

        async Task<DateTimeOffset?> LastUsedAsync() => (await host.Get<IUserStore>().FindTokenByHashAsync(created.Token.TokenHash, Ct))!.LastUsedAt;

        (await signIn.WithTokenAsync(created.Secret, OperationsHost.Client, Ct)).User.ShouldBe("vera");
        (await LastUsedAsync()).ShouldBe(start);
        clock.Now = start + SignIn.TokenUseResolution - TimeSpan.FromSeconds(1);
        await signIn.WithTokenAsync(created.Secret, OperationsHost.Client, Ct);
        (await LastUsedAsync()).ShouldBe(start, "used again within the minute: no write");
        clock.Now = start + SignIn.TokenUseResolution;
        await signIn.WithTokenAsync(created.Secret, OperationsHost.Client, Ct);
        (await LastUsedAsync()).ShouldBe(start + SignIn.TokenUseResolution);
    }

    private static SignIn SignInAt(OperationsHost host, TimeProvider clock) =>
        new(host.Get<IUserStore>(), host.Get<OperationGate>(), host.Get<IPasswordHasher<UserAccount>>(), clock, host.Get<IOptions<SignInSettings>>());
}
