using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;

namespace MonthEnd.Store.Tests.Contract;

/// <summary>API tokens (the token half of <see cref="IUserStore"/>): found by hash, listed, revoked once, touched forward only.</summary>
public abstract class UserStoreTokensContract(Func<IStoreTarget> targets) : UserStoreContractBase(targets)
{
    private static ApiToken Token(string id, string userName = "alice", DateTimeOffset? created = null) =>
        new(id, userName, $"{id} for the nightly job", $"sha256-of-{id}", created ?? T0, (created ?? T0).AddDays(90), RevokedAt: null, LastUsedAt: null);

    [Fact]
    public async Task a_token_is_found_by_its_hash_whatever_its_state_and_another_hash_finds_nothing()
    {
        await Users.AddUserAsync(User("alice"), Ct);
        var token = Token("tk1") with { RevokedAt = T0.AddDays(1), LastUsedAt = T0.AddHours(1), ExpiresAt = T0.AddSeconds(1) };

        await Users.AddTokenAsync(token, Ct);

        (await Users.FindTokenByHashAsync("sha256-of-tk1", Ct)).ShouldBe(token);
        (await Users.FindTokenByHashAsync("SHA256-OF-TK1", Ct)).ShouldBeNull();
        (await Users.FindTokenByHashAsync("sha256-of-tk", Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task tokens_are_listed_newest_first_for_everyone_or_for_one_user_in_any_letter_case()
    {
        await Users.AddUserAsync(User("Alice"), Ct);
        await Users.AddUserAsync(User("bob"), Ct);
        await Users.AddTokenAsync(Token("a-old", "alice", T0), Ct);
        await Users.AddTokenAsync(Token("b-mid", "bob", T0.AddMinutes(1)), Ct);
        await Users.AddTokenAsync(Token("a-new", "ALICE", T0.AddMinutes(2)), Ct);

        (await Users.ListTokensAsync(null, Ct)).Select(t => t.TokenId).ShouldBe(["a-new", "b-mid", "a-old"]);
        var alices = await Users.ListTokensAsync("aLiCe", Ct);
        alices.Select(t => t.TokenId).ShouldBe(["a-new", "a-old"]);
        alices.ShouldAllBe(t => t.UserName == "Alice");
        (await Users.ListTokensAsync("carol", Ct)).ShouldBeEmpty();
        (await Users.ListTokensAsync(Unkeepable("U+0000"), Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_token_of_a_user_who_does_not_exist_is_refused_and_nothing_is_stored()
    {
        foreach (var name in new[] { "bob", Unkeepable("ten thousand characters"), Unkeepable("U+0000") })
        {
            (await Should.ThrowAsync<NoSuchUserException>(() => Users.AddTokenAsync(Token("tk1", name), Ct))).UserName.ShouldBe(name);
        }

        (await Users.ListTokensAsync(null, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_token_id_or_hash_already_stored_is_refused_and_the_first_token_is_kept()
    {
        await Users.AddUserAsync(User("alice"), Ct);
        var first = Token("tk1");
        await Users.AddTokenAsync(first, Ct);

        await Should.ThrowAsync<InvalidOperationException>(() => Users.AddTokenAsync(Token("tk1") with { TokenHash = "another" }, Ct));
        await Should.ThrowAsync<InvalidOperationException>(() => Users.AddTokenAsync(Token("tk2") with { TokenHash = first.TokenHash }, Ct));

        (await Users.ListTokensAsync(null, Ct)).ShouldBe([first]);
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("one past the longest key")]
    [InlineData("U+0000")]
    public async Task a_token_id_or_hash_the_stores_cannot_keep_is_refused_and_finds_nothing(string what)
    {
        await Users.AddUserAsync(User("alice"), Ct);
        var key = Unkeepable(what);

        await Should.ThrowAsync<ArgumentException>(() => Users.AddTokenAsync(Token(key), Ct));
        await Should.ThrowAsync<ArgumentException>(() => Users.AddTokenAsync(Token("tk1") with { TokenHash = key }, Ct));

        (await Users.FindTokenByHashAsync(key, Ct)).ShouldBeNull();
        (await Users.RevokeTokenAsync(key, T0, Ct)).ShouldBeFalse();
        await Users.TouchTokenAsync(key, T0, Ct);
        (await Users.ListTokensAsync(null, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task revoking_is_idempotent_keeps_the_first_revocation_time_and_an_unknown_id_revokes_nothing()
    {
        await Users.AddUserAsync(User("alice"), Ct);
        await Users.AddTokenAsync(Token("tk1"), Ct);
        await Users.AddTokenAsync(Token("tk2"), Ct);

        (await Users.RevokeTokenAsync("tk1", T0.AddHours(1), Ct)).ShouldBeTrue();
        (await Users.RevokeTokenAsync("tk1", T0.AddHours(2), Ct)).ShouldBeTrue();
        (await Users.RevokeTokenAsync("TK1", T0.AddHours(3), Ct)).ShouldBeFalse();
        (await Users.RevokeTokenAsync("tk3", T0.AddHours(3), Ct)).ShouldBeFalse();

        (await Users.FindTokenByHashAsync("sha256-of-tk1", Ct))!.RevokedAt.ShouldBe(T0.AddHours(1));
        (await Users.FindTokenByHashAsync("sha256-of-tk2", Ct))!.RevokedAt.ShouldBeNull();
    }

    [Fact]
    public async Task a_use_is_recorded_and_an_earlier_one_arriving_late_does_not_move_it_back()
    {
        await Users.AddUserAsync(User("alice"), Ct);
        await Users.AddTokenAsync(Token("tk1"), Ct);

        await Users.TouchTokenAsync("tk1", T0.AddMinutes(5), Ct);
        await Users.TouchTokenAsync("tk1", T0.AddMinutes(3), Ct);
        await Users.TouchTokenAsync("tk-unknown", T0.AddMinutes(9), Ct);

        (await Users.FindTokenByHashAsync("sha256-of-tk1", Ct))!.LastUsedAt.ShouldBe(T0.AddMinutes(5));
        await Users.TouchTokenAsync("tk1", T0.AddMinutes(7), Ct);
        (await Users.FindTokenByHashAsync("sha256-of-tk1", Ct))!.LastUsedAt.ShouldBe(T0.AddMinutes(7));
    }

    [Theory]
    [MemberData(nameof(HostileText.Names), MemberType = typeof(HostileText))]
    public async Task hostile_token_values_are_kept_to_the_character_and_match_only_themselves(string hostile)
    {
        var text = HostileText.Value(hostile);
        await Users.AddUserAsync(User(text), Ct);
        await Users.AddUserAsync(User("alice"), Ct);
        await Users.AddTokenAsync(Token("plain"), Ct);
        var token = new ApiToken(text, text, HostileText.Long(10_000), text, T0, T0.AddDays(1), null, null);

        await Users.AddTokenAsync(token, Ct);

        (await Users.FindTokenByHashAsync(text, Ct)).ShouldBe(token);
        (await Users.ListTokensAsync(text, Ct)).ShouldBe([token]);
        (await Users.RevokeTokenAsync(text, T0.AddHours(1), Ct)).ShouldBeTrue();
        (await Users.FindTokenByHashAsync("sha256-of-plain", Ct))!.RevokedAt.ShouldBeNull();
        (await Target.CountAsync("SELECT count(*) FROM api_token")).ShouldBe(2);
    }
}
