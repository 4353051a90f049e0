using MonthEnd.Core.Approvals;
using MonthEnd.Core.Storage;

namespace MonthEnd.Store.Tests.Contract;

/// <summary>
/// Four-eyes requests (<see cref="IApprovalStore"/>): decided once, by someone other than the
/// requester, before they expire; completed only once approved; every refusal says why.
/// </summary>
public abstract class ApprovalStoreContract(Func<IStoreTarget> targets) : StoreContract(targets)
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 31, 17, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Life = TimeSpan.FromHours(24);

    private IApprovalStore Approvals => (IApprovalStore)Store;

    private static ApprovalRequest Request(string requestedBy = "alice", DateTimeOffset? at = null, string operation = "rollback") =>
        new(0, operation, """{"batch_id": "ME-2025-01", "to": "ROLLED_BACK"}""", "the January rules were wrong", requestedBy, at ?? T0,
            (at ?? T0) + Life, ApprovalStatus.Pending, DecidedBy: null, DecidedAt: null, Outcome: null);

    private Task<ApprovalRequest> CreateAsync(string requestedBy = "alice", DateTimeOffset? at = null) =>
        Approvals.CreateRequestAsync(Request(requestedBy, at), Ct);

    [Fact]
    public async Task a_new_request_is_pending_under_a_new_id_whatever_state_it_was_given_and_is_found_as_stored()
    {
        var given = Request() with { RequestId = 999, Status = ApprovalStatus.Approved, DecidedBy = "mallory", DecidedAt = T0, Outcome = "done" };

        var first = await Approvals.CreateRequestAsync(given, Ct);
        var second = await CreateAsync();

        first.ShouldBe(Request() with { RequestId = first.RequestId });
        second.RequestId.ShouldBeGreaterThan(first.RequestId);
        (await Approvals.FindRequestAsync(first.RequestId, Ct)).ShouldBe(first);
        (await Approvals.FindRequestAsync(second.RequestId + 1, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task requests_are_listed_newest_first_in_one_status_or_all_up_to_the_limit()
    {
        var old = await CreateAsync(at: T0);
        var middle = await CreateAsync(at: T0.AddMinutes(1));
        var newest = await CreateAsync(at: T0.AddMinutes(2));
        await Approvals.DecideAsync(middle.RequestId, "bob", approve: true, T0.AddMinutes(3), Ct);

        (await Approvals.ListRequestsAsync(null, T0, 10, Ct)).Select(r => r.RequestId).ShouldBe([newest.RequestId, middle.RequestId, old.RequestId]);
        (await Approvals.ListRequestsAsync(null, T0, 2, Ct)).Select(r => r.RequestId).ShouldBe([newest.RequestId, middle.RequestId]);
        (await Approvals.ListRequestsAsync(ApprovalStatus.Pending, T0, 10, Ct)).Select(r => r.RequestId).ShouldBe([newest.RequestId, old.RequestId]);
        (await Approvals.ListRequestsAsync(ApprovalStatus.Approved, T0, 10, Ct)).Single().DecidedBy.ShouldBe("bob");
        (await Approvals.ListRequestsAsync(ApprovalStatus.Executed, T0, 10, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_pending_request_past_its_expiry_is_listed_expired_and_found_so_by_the_expired_filter_not_the_pending_one()
    {
        var lapsed = await CreateAsync(at: T0);
        var live = await CreateAsync(at: T0.AddHours(1));
        var now = lapsed.ExpiresAt;

        var all = await Approvals.ListRequestsAsync(null, now, 10, Ct);

        all.ShouldBe([live, lapsed with { Status = ApprovalStatus.Expired }]);
        (await Approvals.ListRequestsAsync(ApprovalStatus.Pending, now, 10, Ct)).ShouldBe([live]);
        (await Approvals.ListRequestsAsync(ApprovalStatus.Expired, now, 10, Ct)).Select(r => r.RequestId).ShouldBe([lapsed.RequestId]);
        (await Approvals.ListRequestsAsync(ApprovalStatus.Pending, now.AddTicks(-10), 10, Ct)).Select(r => r.RequestId)
            .ShouldBe([live.RequestId, lapsed.RequestId], "a tick before its expiry it is still pending");
        (await Approvals.FindRequestAsync(lapsed.RequestId, Ct))!.Status.ShouldBe(ApprovalStatus.Pending, "listing changes no row");
    }

    [Theory]
    [InlineData(true, ApprovalStatus.Approved)]
    [InlineData(false, ApprovalStatus.Rejected)]
    public async Task another_user_decides_a_pending_request(bool approve, ApprovalStatus decided)
    {
        var request = await CreateAsync();

        var result = await Approvals.DecideAsync(request.RequestId, "bob", approve, T0.AddMinutes(5), Ct);

        result.ShouldBe(request with { Status = decided, DecidedBy = "bob", DecidedAt = T0.AddMinutes(5) });
        (await Approvals.FindRequestAsync(request.RequestId, Ct)).ShouldBe(result);
    }

    [Theory]
    [InlineData("alice", true, "the requester cannot approve their own request")]
    [InlineData("ALICE", true, "the requester cannot approve their own request")]
    [InlineData("Alice", false, "the requester cannot reject their own request")]
    public async Task the_requester_cannot_decide_their_own_request_in_any_letter_case(string decider, bool approve, string reason)
    {
        var request = await CreateAsync("alice");

        var refused = await Should.ThrowAsync<ApprovalStateException>(() => Approvals.DecideAsync(request.RequestId, decider, approve, T0.AddMinutes(1), Ct));

        refused.RequestId.ShouldBe(request.RequestId);
        refused.Reason.ShouldBe(reason);
        (await Approvals.FindRequestAsync(request.RequestId, Ct)).ShouldBe(request);
    }

    [Fact]
    public async Task letter_case_is_ignored_for_ascii_letters_only_so_an_accented_capital_is_another_decider()
    {
        var request = await CreateAsync("äsa");

        (await Approvals.DecideAsync(request.RequestId, "Äsa", approve: true, T0.AddMinutes(1), Ct)).Status.ShouldBe(ApprovalStatus.Approved);
    }

    [Fact]
    public async Task a_second_decision_is_refused_naming_the_first_and_changes_nothing()
    {
        var request = await CreateAsync();
        var approved = await Approvals.DecideAsync(request.RequestId, "bob", approve: true, T0.AddMinutes(5).AddTicks(1_230), Ct);

        var refused = await Should.ThrowAsync<ApprovalStateException>(() => Approvals.DecideAsync(request.RequestId, "carol", false, T0.AddMinutes(6), Ct));

        refused.Reason.ShouldBe("already APPROVED by bob at 2026-01-31T17:05:00.000123Z");
        (await Should.ThrowAsync<ApprovalStateException>(() => Approvals.DecideAsync(request.RequestId, "bob", true, T0.AddMinutes(6), Ct)))
            .Reason.ShouldStartWith("already APPROVED by bob");
        (await Approvals.FindRequestAsync(request.RequestId, Ct)).ShouldBe(approved);
    }

    [Fact]
    public async Task a_request_decided_at_or_past_its_expiry_is_refused_and_marked_expired()
    {
        var request = await CreateAsync();
        var expiry = request.ExpiresAt;

        var refused = await Should.ThrowAsync<ApprovalStateException>(() => Approvals.DecideAsync(request.RequestId, "bob", true, expiry, Ct));

        refused.Reason.ShouldBe("expired at 2026-02-01T17:00:00Z");
        (await Approvals.FindRequestAsync(request.RequestId, Ct)).ShouldBe(request with { Status = ApprovalStatus.Expired });
        (await Should.ThrowAsync<ApprovalStateException>(() => Approvals.DecideAsync(request.RequestId, "carol", false, expiry.AddDays(-1), Ct)))
            .Reason.ShouldBe("expired at 2026-02-01T17:00:00Z");
        var inTime = await CreateAsync();
        (await Approvals.DecideAsync(inTime.RequestId, "bob", true, expiry.AddTicks(-10), Ct)).Status.ShouldBe(ApprovalStatus.Approved);
    }

    [Fact]
    public async Task a_lapsed_request_is_reported_expired_even_to_its_requester()
    {
        var request = await CreateAsync("alice");

        var refused = await Should.ThrowAsync<ApprovalStateException>(() => Approvals.DecideAsync(request.RequestId, "alice", true, T0 + Life, Ct));

        refused.Reason.ShouldStartWith("expired at ");
        (await Approvals.FindRequestAsync(request.RequestId, Ct))!.Status.ShouldBe(ApprovalStatus.Expired);
    }

    [Fact]
    public async Task deciding_or_completing_a_request_that_does_not_exist_is_refused_as_no_such_request()
    {
        (await Should.ThrowAsync<ApprovalStateException>(() => Approvals.DecideAsync(42, "bob", true, T0, Ct))).Reason.ShouldBe("no such request");
        (await Should.ThrowAsync<ApprovalStateException>(() => Approvals.CompleteAsync(42, ApprovalStatus.Executed, "ok", Ct))).Reason.ShouldBe("no such request");
        (await Approvals.ListRequestsAsync(null, T0, 10, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task of_two_deciders_at_once_from_two_stores_on_one_database_exactly_one_wins()
    {
        await using var other = Target.OpenStore();
        for (var round = 0; round < 5; round++)
        {
            var request = await CreateAsync();
            var outcomes = await Task.WhenAll(
                Task.Run(() => TryAsync(() => Approvals.DecideAsync(request.RequestId, "bob", true, T0.AddMinutes(1), Ct))),
                Task.Run(() => TryAsync(() => ((IApprovalStore)other).DecideAsync(request.RequestId, "carol", false, T0.AddMinutes(2), Ct))));

            outcomes.Count(o => o.Decided is not null).ShouldBe(1, $"round {round}: exactly one decision wins");
            var winner = outcomes.Single(o => o.Decided is not null).Decided!;
            var refusal = outcomes.Single(o => o.Refused is not null).Refused!;
            refusal.Reason.ShouldStartWith($"already {winner.Status.Code()} by {winner.DecidedBy} at ");
            (await Approvals.FindRequestAsync(request.RequestId, Ct)).ShouldBe(winner);
        }
    }

    [Theory]
    [InlineData(ApprovalStatus.Executed)]
    [InlineData(ApprovalStatus.Failed)]
    public async Task an_approved_request_completes_once_with_its_outcome(ApprovalStatus result)
    {
        var request = await CreateAsync();
        var approved = await Approvals.DecideAsync(request.RequestId, "bob", true, T0.AddMinutes(5), Ct);

        var completed = await Approvals.CompleteAsync(request.RequestId, result, "batch ME-2025-01 rolled back", Ct);

        completed.ShouldBe(approved with { Status = result, Outcome = "batch ME-2025-01 rolled back" });
        (await Approvals.FindRequestAsync(request.RequestId, Ct)).ShouldBe(completed);
        (await Should.ThrowAsync<ApprovalStateException>(() => Approvals.CompleteAsync(request.RequestId, ApprovalStatus.Executed, "again", Ct)))
            .Reason.ShouldBe($"already APPROVED by bob at 2026-01-31T17:05:00Z, then {result.Code()}");
    }

    [Fact]
    public async Task only_an_approved_request_can_be_completed()
    {
        var pending = await CreateAsync();
        var rejected = await CreateAsync();
        await Approvals.DecideAsync(rejected.RequestId, "bob", false, T0.AddMinutes(1), Ct);
        var expired = await CreateAsync();
        await Should.ThrowAsync<ApprovalStateException>(() => Approvals.DecideAsync(expired.RequestId, "bob", true, T0 + Life, Ct));

        foreach (var (request, status) in new[] { (pending, "PENDING"), (rejected, "REJECTED"), (expired, "EXPIRED") })
        {
            var refused = await Should.ThrowAsync<ApprovalStateException>(() => Approvals.CompleteAsync(request.RequestId, ApprovalStatus.Executed, "ran", Ct));
            refused.Reason.ShouldBe($"is {status}, not APPROVED");
            (await Approvals.FindRequestAsync(request.RequestId, Ct))!.Outcome.ShouldBeNull();
        }
    }

    [Theory]
    [InlineData(ApprovalStatus.Pending)]
    [InlineData(ApprovalStatus.Approved)]
    [InlineData(ApprovalStatus.Expired)]
    public async Task a_request_completes_as_executed_or_failed_only(ApprovalStatus result)
    {
        var request = await CreateAsync();
        await Approvals.DecideAsync(request.RequestId, "bob", true, T0.AddMinutes(1), Ct);

        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => Approvals.CompleteAsync(request.RequestId, result, "ran", Ct));

        (await Approvals.FindRequestAsync(request.RequestId, Ct))!.Status.ShouldBe(ApprovalStatus.Approved);
    }

    [Theory]
    [MemberData(nameof(HostileText.Names), MemberType = typeof(HostileText))]
    public async Task hostile_texts_of_a_request_are_kept_to_the_character_and_never_run(string hostile)
    {
        var text = HostileText.Value(hostile);
        // Key order, spacing, a number's digits, escapes and raw characters: kept as written, not re-encoded.
        var subject = $$"""{ "z" : {{System.Text.Json.JsonSerializer.Serialize(text)}},"a":[1, 2.50,  null], "raw": "Zoë 👩‍💻", "nul": "\u0000" }""";
        var decider = "2" + text[1..];
        var given = new ApprovalRequest(0, text, subject, HostileText.Long(10_000), text, T0, T0 + Life, ApprovalStatus.Pending, null, null, null);

        var stored = await Approvals.CreateRequestAsync(given, Ct);
        (await Approvals.FindRequestAsync(stored.RequestId, Ct)).ShouldBe(given with { RequestId = stored.RequestId });
        var decided = await Approvals.DecideAsync(stored.RequestId, decider, true, T0.AddMinutes(1), Ct);
        var completed = await Approvals.CompleteAsync(stored.RequestId, ApprovalStatus.Failed, HostileText.Long(10_001), Ct);

        completed.ShouldBe(decided with { Status = ApprovalStatus.Failed, Outcome = HostileText.Long(10_001) });
        (await Should.ThrowAsync<ApprovalStateException>(() => Approvals.DecideAsync(stored.RequestId, text, true, T0.AddMinutes(2), Ct)))
            .Reason.ShouldContain($"by {decider} at ");
        (await Target.CountAsync("SELECT count(*) FROM approval_request")).ShouldBe(1);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"a\": }")]
    [InlineData("")]
    [InlineData("{\"a\": \"\0\"}")]
    public async Task a_subject_that_is_not_json_is_refused_and_nothing_is_stored(string subject)
    {
        await Should.ThrowAsync<ArgumentException>(() => Approvals.CreateRequestAsync(Request() with { Subject = subject }, Ct));

        (await Approvals.ListRequestsAsync(null, T0, 10, Ct)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("bo\0b")]
    public async Task a_requester_or_decider_name_the_stores_cannot_keep_is_refused(string name)
    {
        await Should.ThrowAsync<ArgumentException>(() => Approvals.CreateRequestAsync(Request(name), Ct));
        var request = await CreateAsync();

        await Should.ThrowAsync<ArgumentException>(() => Approvals.DecideAsync(request.RequestId, name, true, T0.AddMinutes(1), Ct));

        (await Approvals.ListRequestsAsync(null, T0, 10, Ct)).ShouldBe([request]);
    }

    private static async Task<(ApprovalRequest? Decided, ApprovalStateException? Refused)> TryAsync(Func<Task<ApprovalRequest>> decide)
    {
        try
        {
            return (await decide(), null);
        }
        catch (ApprovalStateException refused)
        {
            return (null, refused);
        }
    }
}
