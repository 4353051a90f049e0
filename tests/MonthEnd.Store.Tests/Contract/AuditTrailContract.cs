using System.Text.Encodings.Web;
using System.Text.Json;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Storage;

namespace MonthEnd.Store.Tests.Contract;

/// <summary>
/// The audit trail on a real database: rows come back exactly as they were MACed, concurrent
/// appenders keep one chain, and someone with write access but without the key cannot edit, delete,
/// insert or rewrite rows unseen (tampering is done here with plain SQL, as such a person would).
/// </summary>
public abstract class AuditTrailContract(Func<IStoreTarget> targets) : StoreContract(targets)
{
    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))];

    private static readonly AuditChain Chain = new(Key);

    /// <summary>Texts a hostile or careless caller could put in any field: SQL, quotes, control characters, scripts of many languages, a NUL.</summary>
    private static readonly string[] Hostile =
    [
        "'; DROP TABLE audit_batch_operations; --",
        "Robert\"); DELETE FROM journal_entry_line WHERE (\"1\"=\"1",
        "% _ \\ ` $1 @p ? :name /* */ ;",
        "line\tbreaks\r\nand \u0001\u001b[31m escapes\u007f",
        "ﾃｽﾄ 测试 اختبار עִבְרִית \U0001F600 e\u0301 \u202Eevil",
        "\0nul inside\0",
        "",
    ];

    private static readonly JsonSerializerOptions RawUnicode = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private IAuditStore Audit => (IAuditStore)Store;

    [Fact]
    public async Task appended_rows_read_back_identical_with_any_text_in_every_field_and_verify()
    {
        var appended = new List<AuditEntry>();
        for (var i = 0; i < Hostile.Length; i++)
        {
            appended.Add(await Audit.AppendAuditAsync(HostileDraft(i, Hostile[i]), Chain.Link, Ct));
        }

        var read = await ReadAllAsync();

        read.ShouldBe(appended);
        read.Select(r => r.AuditId).ShouldBe(Enumerable.Range(1, Hostile.Length).Select(i => (long)i));
        read[5].Draft.PerformedBy.ShouldBe("by \uFFFDnul inside\uFFFD");
        read[4].Draft.UserAgent.ShouldBe(Hostile[4]);
        AuditVerifier.Verify(Chain, read).Intact.ShouldBeTrue();
        (await Audit.AuditHeadAsync(Ct)).ShouldBe(appended[^1]);
        (await Target.CountAsync("SELECT count(*) FROM audit_batch_operations")).ShouldBe(Hostile.Length);
    }

    [Fact]
    public async Task performed_at_comes_back_in_utc_to_the_microsecond_it_was_maced_with()
    {
        var at = new DateTimeOffset(2025, 2, 1, 23, 59, 59, TimeSpan.FromHours(7)).AddTicks(9_999_999);

        var appended = await Audit.AppendAuditAsync(Draft(1) with { PerformedAt = at }, Chain.Link, Ct);

        var read = (await ReadAllAsync()).Single();
        read.ShouldBe(appended);
        read.Draft.PerformedAt.ShouldBe(new DateTimeOffset(2025, 2, 1, 16, 59, 59, TimeSpan.Zero).AddTicks(9_999_990));
        Chain.Verifies(read).ShouldBeTrue();
    }

    [Fact]
    public async Task an_empty_trail_has_no_head_and_verifies()
    {
        (await Audit.AuditHeadAsync(Ct)).ShouldBeNull();
        AuditVerifier.Verify(Chain, await ReadAllAsync()).ShouldBe(new AuditVerification(0, null, null));
    }

    [Fact]
    public async Task rows_are_read_by_batch_operation_time_and_after_an_id()
    {
        var start = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 1; i <= 6; i++)
        {
            await Audit.AppendAuditAsync(Draft(i) with
            {
                BatchId = i % 2 == 0 ? "ME-2025-02" : null, Operation = i <= 3 ? "RUN_BATCH" : "VIEW_AUDIT_TRAIL", PerformedAt = start.AddHours(i),
            }, Chain.Link, Ct);
        }

        (await IdsAsync(new AuditQuery(BatchId: "ME-2025-02"))).ShouldBe([2, 4, 6]);
        (await IdsAsync(new AuditQuery(Operation: "VIEW_AUDIT_TRAIL"))).ShouldBe([4, 5, 6]);
        (await IdsAsync(new AuditQuery(From: start.AddHours(2), To: start.AddHours(5)))).ShouldBe([2, 3, 4]);
        (await IdsAsync(new AuditQuery(From: start.AddHours(2).AddTicks(1)))).ShouldBe([3, 4, 5, 6]);
        (await IdsAsync(new AuditQuery(AfterId: 4))).ShouldBe([5, 6]);
        (await IdsAsync(new AuditQuery(From: start.AddHours(1), BatchId: "ME-2025-02", Operation: "RUN_BATCH", AfterId: 1))).ShouldBe([2]);
    }

    [Fact]
    public async Task appends_from_several_stores_at_once_keep_one_gap_free_chain_that_verifies()
    {
        const int Stores = 4, Appends = 25;
        var stores = Enumerable.Range(0, Stores).Select(_ => Target.OpenStore()).ToList();
        try
        {
            await Task.WhenAll(stores.Select((store, s) => Task.Run(async () =>
            {
                for (var i = 0; i < Appends; i++)
                {
                    await ((IAuditStore)store).AppendAuditAsync(Draft(i) with { PerformedBy = $"store{s}", Details = $$"""{"append":{{i}}}""" }, Chain.Link, Ct);
                }
            })));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }

        var read = await ReadAllAsync();
        read.Select(r => r.AuditId).ShouldBe(Enumerable.Range(1, Stores * Appends).Select(i => (long)i));
        read.Select(r => (r.Draft.PerformedBy, r.Draft.Details)).Distinct().Count().ShouldBe(Stores * Appends);
        AuditVerifier.Verify(Chain, read).ShouldBe(new AuditVerification(Stores * Appends, read[^1].Head, null));
    }

    [Fact]
    public async Task appends_from_another_store_go_through_while_a_batch_runs_and_commits()
    {
        await SeedAsync(January, premiums: 300, claims: 25);
        await using var other = Target.OpenStore();

        var run = RunAsync(January);
        var appended = 0;
        while (!run.IsCompleted || appended < 10)
        {
            await ((IAuditStore)other).AppendAuditAsync(Draft(++appended), Chain.Link, Ct);
        }

        var outcome = await run;
        outcome.Result.ShouldBe(RunResult.Committed, outcome.Message);
        var read = await ReadAllAsync();
        read.Count.ShouldBe(appended);
        AuditVerifier.Verify(Chain, read).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task a_row_that_does_not_follow_the_last_is_refused_and_nothing_is_written()
    {
        await AppendAsync(2);
        var stale = (await ReadAllAsync())[0];

        await Should.ThrowAsync<InvalidOperationException>(() => Audit.AppendAuditAsync(Draft(3), (_, draft) => Chain.Link(stale, draft), Ct));

        (await Target.CountAsync("SELECT count(*) FROM audit_batch_operations")).ShouldBe(2);
    }

    [Fact]
    public async Task a_field_edited_in_the_database_is_named_at_its_row()
    {
        await AppendAsync(5);
        await Target.ExecuteAsync("UPDATE audit_batch_operations SET operation_details = @details WHERE audit_id = 3", new { details = """{"n":99}""" });

        var problem = await ProblemAsync();

        problem.ShouldBe(new AuditProblem(AuditProblemKind.MacMismatch, 3, "row 3 does not match its MAC: a field was edited, or the row was written without the key"));
    }

    [Fact]
    public async Task a_status_turned_from_failed_to_success_is_named_at_its_row()
    {
        await AppendAsync(3, AuditStatus.Failed);
        await Target.ExecuteAsync("UPDATE audit_batch_operations SET status = 'SUCCESS' WHERE audit_id = 2");

        (await ProblemAsync()).ShouldBe(new AuditProblem(AuditProblemKind.MacMismatch, 2, "row 2 does not match its MAC: a field was edited, or the row was written without the key"));
    }

    [Fact]
    public async Task a_deleted_middle_row_is_named()
    {
        await AppendAsync(5);
        await Target.ExecuteAsync("DELETE FROM audit_batch_operations WHERE audit_id = 3");

        (await ProblemAsync()).ShouldBe(new AuditProblem(AuditProblemKind.MissingRows, 4, "row 3 is missing: row 4 follows row 2 (rows were deleted)"));
    }

    [Fact]
    public async Task a_deleted_last_row_is_caught_with_the_head_kept_elsewhere()
    {
        await AppendAsync(5);
        var kept = (await Audit.AuditHeadAsync(Ct))!.Head;
        await Target.ExecuteAsync("DELETE FROM audit_batch_operations WHERE audit_id = 5");

        AuditVerifier.Verify(Chain, await ReadAllAsync()).Intact.ShouldBeTrue();
        (await ProblemAsync(kept)).ShouldBe(new AuditProblem(AuditProblemKind.MissingEnd, 5,
            "row 5 is missing from the end: the chain ends at row 4, the head kept elsewhere is row 5"));
    }

    [Fact]
    public async Task an_inserted_row_is_named()
    {
        await AppendAsync(5);
        // Linked to row 5 as a real row would be, but with a MAC made up without the key.
        await Target.ExecuteAsync("""
            INSERT INTO audit_batch_operations (audit_id, batch_id, operation, performed_by, performed_at, ip_address, user_agent, operation_details,
                status, before_state, after_state, chain_version, previous_mac, mac)
            SELECT audit_id + 1, batch_id, 'GRANT_ROLE', 'mallory', performed_at, ip_address, user_agent, operation_details, status, before_state,
                after_state, chain_version, mac, mac
            FROM audit_batch_operations WHERE audit_id = 5
            """);

        (await ProblemAsync()).ShouldBe(new AuditProblem(AuditProblemKind.MacMismatch, 6, "row 6 does not match its MAC: a field was edited, or the row was written without the key"));
    }

    [Fact]
    public async Task a_chain_rewritten_with_its_macs_recomputed_under_another_key_is_caught_at_its_first_row()
    {
        await AppendAsync(5);
        var forger = new AuditChain([.. Enumerable.Range(0, 32).Select(i => (byte)(255 - i))]);
        AuditEntry? previous = null;
        foreach (var row in await ReadAllAsync())
        {
            var forged = forger.Link(previous, row.Draft with { PerformedBy = "mallory" });
            await Target.ExecuteAsync("UPDATE audit_batch_operations SET performed_by = 'mallory', previous_mac = @previous, mac = @mac WHERE audit_id = @id",
                new { previous = forged.PreviousMac, mac = forged.Mac, id = row.AuditId });
            previous = forged;
        }

        AuditVerifier.Verify(forger, await ReadAllAsync()).Intact.ShouldBeTrue();
        (await ProblemAsync()).ShouldBe(new AuditProblem(AuditProblemKind.MacMismatch, 1, "row 1 does not match its MAC: a field was edited, or the row was written without the key"));
    }

    private static AuditDraft Draft(int n, AuditStatus status = AuditStatus.Success) => new(
        "ME-2025-01", "RUN_BATCH", "alice", new DateTimeOffset(2025, 2, 1, 8, 0, 0, TimeSpan.Zero).AddSeconds(n).AddTicks(n * 10),
        "192.0.2.10", "monthend-cli/1.0", $$"""{"n":{{n}}}""", status, null, null);

    /// <summary>The hostile text in every text field, the JSON ones included (as JSON strings, unicode kept raw).</summary>
    private static AuditDraft HostileDraft(int n, string text)
    {
        var json = JsonSerializer.Serialize(new { text, n }, RawUnicode);
        return new AuditDraft(text, "OP " + text, "by " + text, DateTimeOffset.UtcNow, text, text, json, AuditStatus.Failed,
            JsonSerializer.Serialize(text), n % 2 == 0 ? null : json);
    }

    private async Task AppendAsync(int rows, AuditStatus status = AuditStatus.Success)
    {
        for (var i = 1; i <= rows; i++)
        {
            await Audit.AppendAuditAsync(Draft(i, status), Chain.Link, Ct);
        }
    }

    private async Task<List<AuditEntry>> ReadAllAsync(AuditQuery? query = null) =>
        await Audit.ReadAuditAsync(query ?? new AuditQuery(), Ct).ToListAsync(Ct);

    private async Task<List<long>> IdsAsync(AuditQuery query) => [.. (await ReadAllAsync(query)).Select(r => r.AuditId)];

    private async Task<AuditProblem> ProblemAsync(AuditHead? kept = null) =>
        (await AuditVerifier.VerifyAsync(Chain, Audit.ReadAuditAsync(new AuditQuery(), Ct), kept, Ct)).Problem.ShouldNotBeNull();
}
