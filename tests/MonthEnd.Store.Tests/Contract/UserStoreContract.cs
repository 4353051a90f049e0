using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;

namespace MonthEnd.Store.Tests.Contract;

/// <summary>
/// Users (<see cref="IUserStore"/>): one user per name in any letter case, roles replaced as a whole,
/// failed logins counted atomically across processes, hostile names kept and never run.
/// </summary>
public abstract class UserStoreContract(Func<IStoreTarget> targets) : UserStoreContractBase(targets)
{
    private static readonly TimeSpan LockFor = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task the_users_and_approvals_migration_is_applied_and_a_database_without_it_is_told_to_migrate()
    {
        (await Store.SchemaProblemsAsync(Ct)).ShouldBeEmpty();

        await Target.ExecuteAsync("DELETE FROM schema_migration WHERE name LIKE '%_users_and_approvals'");

        (await Store.SchemaProblemsAsync(Ct)).ShouldHaveSingleItem().ShouldMatch("^migration 000[48]_users_and_approvals not applied$");
    }

    [Fact]
    public async Task a_user_is_found_by_its_name_in_any_letter_case_as_it_was_added_with_roles_in_role_order()
    {
        var alice = User("Alice", Role.Auditor, Role.BatchOperator);

        var added = await Users.AddUserAsync(alice, Ct);

        var expected = alice with { Roles = [Role.BatchOperator, Role.Auditor] };
        ShouldBeUser(added, expected);
        ShouldBeUser(await Users.FindUserAsync("alice", Ct), expected);
        ShouldBeUser(await Users.FindUserAsync("ALICE", Ct), expected);
        (await Users.FindUserAsync("bob", Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task a_second_user_of_the_same_name_in_another_letter_case_is_refused_and_the_first_is_kept()
    {
        await Users.AddUserAsync(User("alice", Role.Auditor), Ct);

        var refused = await Should.ThrowAsync<UserExistsException>(() => Users.AddUserAsync(User("ALICE", Role.BatchAdmin) with { PasswordHash = "other" }, Ct));

        refused.UserName.ShouldBe("ALICE");
        (await Users.CountUsersAsync(Ct)).ShouldBe(1);
        ShouldBeUser(await Users.FindUserAsync("Alice", Ct), User("alice", Role.Auditor));
    }

    [Fact]
    public async Task letter_case_is_ignored_for_ascii_letters_only_so_an_accented_capital_names_another_user()
    {
        await Users.AddUserAsync(User("Äsa"), Ct);
        await Users.AddUserAsync(User("äsa"), Ct);

        (await Users.CountUsersAsync(Ct)).ShouldBe(2);
        (await Users.FindUserAsync("ÄSA", Ct)).ShouldNotBeNull().UserName.ShouldBe("Äsa");
        (await Users.FindUserAsync("äSA", Ct)).ShouldNotBeNull().UserName.ShouldBe("äsa");
    }

    [Fact]
    public async Task users_are_counted_and_listed_by_name_whatever_its_letter_case()
    {
        (await Users.CountUsersAsync(Ct)).ShouldBe(0);
        foreach (var name in new[] { "carol", "Bob", "dave", "alice", "Alice2" })
        {
            await Users.AddUserAsync(User(name), Ct);
        }

        (await Users.CountUsersAsync(Ct)).ShouldBe(5);
        (await Users.ListUsersAsync(Ct)).Select(u => u.UserName).ShouldBe(["alice", "Alice2", "Bob", "carol", "dave"]);
    }

    [Fact]
    public async Task setting_roles_replaces_every_role_the_user_had_under_the_name_as_stored()
    {
        await Users.AddUserAsync(User("Alice", Role.BatchAdmin, Role.Auditor), Ct);

        var changed = await Users.SetRolesAsync("ALICE", [Role.FinanceViewer, Role.BatchWorker, Role.FinanceViewer], Ct);

        changed.Roles.ShouldBe([Role.FinanceViewer, Role.BatchWorker]);
        (await Users.FindUserAsync("alice", Ct))!.Roles.ShouldBe([Role.FinanceViewer, Role.BatchWorker]);
        (await Target.RowsAsync("SELECT user_name FROM app_user_role")).Select(r => r[0]).ShouldBe(["Alice", "Alice"]);

        (await Users.SetRolesAsync("alice", [], Ct)).Roles.ShouldBeEmpty();
        (await Target.CountAsync("SELECT count(*) FROM app_user_role")).ShouldBe(0);
    }

    [Fact]
    public async Task concurrent_role_changes_from_two_stores_leave_one_of_the_lists_never_a_mix()
    {
        await Users.AddUserAsync(User("alice"), Ct);
        await using var other = Target.OpenStore();
        Role[] first = [Role.BatchAdmin, Role.Auditor];
        Role[] second = [Role.FinanceViewer];

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Users : (IUserStore)other).SetRolesAsync("alice", i % 2 == 0 ? first : second, Ct))));

        var roles = (await Users.FindUserAsync("alice", Ct))!.Roles;
        (roles.SequenceEqual(first) || roles.SequenceEqual(second)).ShouldBeTrue($"roles {string.Join(", ", roles)}");
    }

    [Fact]
    public async Task changes_to_a_user_who_does_not_exist_are_refused_naming_the_user()
    {
        await Users.AddUserAsync(User("alice"), Ct);

        foreach (var name in new[] { "bob", Unkeepable("ten thousand characters"), Unkeepable("U+0000"), Unkeepable("empty") })
        {
            (await Should.ThrowAsync<NoSuchUserException>(() => Users.SetRolesAsync(name, [Role.Auditor], Ct))).UserName.ShouldBe(name);
            (await Should.ThrowAsync<NoSuchUserException>(() => Users.SetDisabledAsync(name, true, Ct))).UserName.ShouldBe(name);
            (await Should.ThrowAsync<NoSuchUserException>(() => Users.SetPasswordHashAsync(name, "x", Ct))).UserName.ShouldBe(name);
            (await Should.ThrowAsync<NoSuchUserException>(() => Users.RecordFailedLoginAsync(name, T0, 3, LockFor, Ct))).UserName.ShouldBe(name);
            (await Should.ThrowAsync<NoSuchUserException>(() => Users.ResetFailedLoginsAsync(name, Ct))).UserName.ShouldBe(name);
            (await Users.FindUserAsync(name, Ct)).ShouldBeNull();
        }

        ShouldBeUser(await Users.FindUserAsync("alice", Ct), User("alice"));
    }

    [Fact]
    public async Task a_user_is_disabled_and_enabled_again_in_any_letter_case()
    {
        await Users.AddUserAsync(User("alice", Role.Auditor), Ct);

        (await Users.SetDisabledAsync("ALICE", true, Ct)).Disabled.ShouldBeTrue();
        (await Users.FindUserAsync("alice", Ct))!.Disabled.ShouldBeTrue();

        ShouldBeUser(await Users.SetDisabledAsync("Alice", false, Ct), User("alice", Role.Auditor));
    }

    [Fact]
    public async Task a_password_hash_is_replaced_and_a_user_without_one_can_be_stored()
    {
        await Users.AddUserAsync(User("worker-1", Role.BatchWorker) with { PasswordHash = null }, Ct);
        (await Users.FindUserAsync("worker-1", Ct))!.PasswordHash.ShouldBeNull();

        (await Users.SetPasswordHashAsync("WORKER-1", "argon2id$new", Ct)).PasswordHash.ShouldBe("argon2id$new");

        (await Users.FindUserAsync("worker-1", Ct))!.PasswordHash.ShouldBe("argon2id$new");
    }

    [Fact]
    public async Task failed_logins_are_counted_and_lock_the_user_at_the_threshold_and_at_every_failure_after_it()
    {
        await Users.AddUserAsync(User("alice"), Ct);

        (await Users.RecordFailedLoginAsync("alice", T0, 3, LockFor, Ct)).ShouldSatisfyAllConditions(u => u.FailedLogins.ShouldBe(1), u => u.LockedUntil.ShouldBeNull());
        (await Users.RecordFailedLoginAsync("ALICE", T0.AddSeconds(1), 3, LockFor, Ct)).LockedUntil.ShouldBeNull();
        var locked = await Users.RecordFailedLoginAsync("alice", T0.AddSeconds(2), 3, LockFor, Ct);
        locked.FailedLogins.ShouldBe(3);
        locked.LockedUntil.ShouldBe(T0.AddSeconds(2) + LockFor);

        // The lock has run out; the next failure does not start a fresh count of three tries.
        var again = await Users.RecordFailedLoginAsync("alice", T0.AddMinutes(30), 3, LockFor, Ct);
        again.FailedLogins.ShouldBe(4);
        again.LockedUntil.ShouldBe(T0.AddMinutes(30) + LockFor);
        (await Users.FindUserAsync("alice", Ct))!.LockedUntil.ShouldBe(T0.AddMinutes(30) + LockFor);
    }

    [Fact]
    public async Task a_failure_never_shortens_a_lock_that_already_runs_longer()
    {
        await Users.AddUserAsync(User("alice"), Ct);
        await Users.RecordFailedLoginAsync("alice", T0, 1, TimeSpan.FromHours(1), Ct);

        var user = await Users.RecordFailedLoginAsync("alice", T0.AddMinutes(1), 1, TimeSpan.FromMinutes(1), Ct);

        user.FailedLogins.ShouldBe(2);
        user.LockedUntil.ShouldBe(T0.AddHours(1));
    }

    [Fact]
    public async Task twenty_failed_logins_at_once_from_two_stores_on_one_database_all_count_and_lock_the_user()
    {
        await Users.AddUserAsync(User("alice"), Ct);
        await using var other = Target.OpenStore();

        var seen = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Users : (IUserStore)other).RecordFailedLoginAsync(i % 3 == 0 ? "ALICE" : "alice", T0, 20, LockFor, Ct))));

        // Each failure saw the count it made: none was lost, none counted twice.
        seen.Select(u => u.FailedLogins).Order().ShouldBe(Enumerable.Range(1, 20));
        var user = (await Users.FindUserAsync("alice", Ct))!;
        user.FailedLogins.ShouldBe(20);
        user.LockedUntil.ShouldBe(T0 + LockFor);
    }

    [Fact]
    public async Task a_good_login_resets_the_count_and_lifts_the_lock()
    {
        await Users.AddUserAsync(User("alice"), Ct);
        await Users.RecordFailedLoginAsync("alice", T0, 1, LockFor, Ct);

        await Users.ResetFailedLoginsAsync("ALICE", Ct);

        ShouldBeUser(await Users.FindUserAsync("alice", Ct), User("alice"));
    }

    [Fact]
    public async Task times_are_kept_to_the_microsecond_and_given_back_in_utc()
    {
        var created = new DateTimeOffset(2026, 2, 1, 0, 30, 0, TimeSpan.FromHours(7)).AddTicks(1_234_567);
        await Users.AddUserAsync(User("alice") with { CreatedAt = created, LockedUntil = created.AddDays(1), FailedLogins = 5 }, Ct);

        var user = (await Users.FindUserAsync("alice", Ct))!;

        user.CreatedAt.ShouldBe(created.AddTicks(-7));
        user.CreatedAt.Offset.ShouldBe(TimeSpan.Zero);
        user.LockedUntil.ShouldBe(created.AddDays(1).AddTicks(-7));
        user.FailedLogins.ShouldBe(5);
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("one past the longest key")]
    [InlineData("ten thousand characters")]
    [InlineData("U+0000")]
    public async Task a_user_name_the_stores_cannot_keep_is_refused_before_anything_is_written_and_finds_no_one(string what)
    {
        var name = Unkeepable(what);

        await Should.ThrowAsync<ArgumentException>(() => Users.AddUserAsync(User(name), Ct));

        (await Users.CountUsersAsync(Ct)).ShouldBe(0);
        (await Users.FindUserAsync(name, Ct)).ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(HostileText.Names), MemberType = typeof(HostileText))]
    public async Task a_hostile_user_name_is_kept_to_the_character_and_matches_only_itself(string hostile)
    {
        var name = HostileText.Value(hostile);
        await Users.AddUserAsync(User("abc", Role.Auditor), Ct);

        ShouldBeUser(await Users.AddUserAsync(User(name, Role.BatchAdmin), Ct), User(name, Role.BatchAdmin));
        await Users.SetRolesAsync(name, [Role.FinanceViewer], Ct);
        await Users.RecordFailedLoginAsync(name, T0, 5, LockFor, Ct);

        ShouldBeUser(await Users.FindUserAsync(name, Ct), User(name, Role.FinanceViewer) with { FailedLogins = 1 });
        ShouldBeUser(await Users.FindUserAsync("abc", Ct), User("abc", Role.Auditor));
        (await Users.ListUsersAsync(Ct)).Select(u => u.UserName).ShouldBe(["abc", name], ignoreOrder: true);
        (await Target.CountAsync("SELECT count(*) FROM app_user_role")).ShouldBe(2);
    }

    [Fact]
    public async Task long_hostile_texts_of_a_user_are_kept_to_the_character()
    {
        var hash = HostileText.Long(10_000);
        var creator = HostileText.Long(10_001);

        await Users.AddUserAsync(User("alice") with { PasswordHash = hash, CreatedBy = creator }, Ct);

        var user = (await Users.FindUserAsync("alice", Ct))!;
        user.PasswordHash.ShouldBe(hash);
        user.CreatedBy.ShouldBe(creator);
        (await Users.SetPasswordHashAsync("alice", HostileText.SqlInjection, Ct)).PasswordHash.ShouldBe(HostileText.SqlInjection);
        (await Users.CountUsersAsync(Ct)).ShouldBe(1);
    }
}
