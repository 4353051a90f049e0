using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;

namespace MonthEnd.Store.Tests.Contract;

/// <summary>What the user and token contracts share: the store as an <see cref="IUserStore"/>, a user to add, keys no store can keep.</summary>
public abstract class UserStoreContractBase(Func<IStoreTarget> targets) : StoreContract(targets)
{
    protected static readonly DateTimeOffset T0 = new(2026, 1, 31, 17, 0, 0, TimeSpan.Zero);
    private static readonly Role[] NoRoles = [];

    protected IUserStore Users => (IUserStore)Store;

    protected static UserAccount User(string name, params Role[] roles) =>
        new(name, "pbkdf2-sha256$600000$salt$hash", roles, Disabled: false, FailedLogins: 0, LockedUntil: null, T0, "admin");

    /// <summary>Keys no store can keep (<see cref="StoredText"/>), the same in both.</summary>
    protected static string Unkeepable(string what) => what switch
    {
        "empty" => "",
        "one past the longest key" => new string('k', StoredText.MaxKeyLength + 1),
        "ten thousand characters" => HostileText.Long(10_000),
        "U+0000" => "ali\0ce",
        _ => throw new ArgumentOutOfRangeException(nameof(what), what, null),
    };

    protected static void ShouldBeUser(UserAccount? actual, UserAccount expected)
    {
        actual.ShouldNotBeNull();
        (actual with { Roles = NoRoles }).ShouldBe(expected with { Roles = NoRoles });
        actual.Roles.ShouldBe(expected.Roles);
    }
}
