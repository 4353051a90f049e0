using System.Globalization;
using Dapper;
using MonthEnd.Cli.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace MonthEnd.Cli.Tests.Postgres;

/// <summary>
/// Faults against a real PostgreSQL and real monthend processes: a worker killed, backends
/// terminated, the server restarted, the run killed during its commit, two runs at once. Each
/// faulted batch must commit exactly what the undisturbed reference run of the same data committed.
/// </summary>
[Collection(PgReferenceGroup.Name)]
public sealed class PostgresFaultTests(PgReferenceRun reference, ITestOutputHelper output)
{
    private const string Period = PgDatabase.Period;
    private const string BatchId = PgDatabase.BatchId;
    private const long Records = PgReferenceRun.Records;
    private const string Chunk = PgReferenceRun.ChunkSize;

    [Fact]
    public async Task kill_9_of_one_worker_process_mid_partition_lets_the_survivors_take_it_over_from_its_checkpoint_and_commit_the_reference_ledger()
    {
        await using var db = await PgReferenceRun.CreateSubjectAsync();
        const string lease = "5", heartbeat = "1";
        using var coordinator = db.Start("run", "--period", Period, "--workers", "0", "--chunk-size", Chunk,
            "--lease-seconds", lease, "--heartbeat-seconds", heartbeat, "--json");
        await PgPoll.UntilAsync([coordinator], "the coordinator planned the batch and set it RUNNING",
            async () => await db.BatchStatusAsync() == "RUNNING" ? true : (bool?)null);

        var workers = Enumerable.Range(1, 3)
            .Select(n => db.Start("worker", "--name", $"w{n}", "--exit-when-idle", "--lease-seconds", lease, "--heartbeat-seconds", heartbeat))
            .ToList();
        try
        {
            var victim = workers[0];
            // Strike a few chunks into its partition, so that resuming from the checkpoint differs from starting over.
            var held = await PgPoll.UntilAsync([coordinator, victim], "worker w1 held a lease on a partition with a few chunks but not all of it staged",
                () => db.QuerySingleOrDefaultAsync<(int No, string Owner, long Done, long Count)?>("""
                    SELECT partition_no, lease_owner, records_processed, record_count FROM staging_worker_partition
                    WHERE batch_id = @BatchId AND status = 'RUNNING' AND lease_owner LIKE @owner
                      AND records_processed >= 3 * @chunk AND records_processed < record_count
                    LIMIT 1
                    """, new { BatchId, owner = $"%/{victim.Id}/w1", chunk = int.Parse(Chunk, CultureInfo.InvariantCulture) }));
            victim.KillHard();
            var killed = await victim.WaitAsync();
            killed.ExitCode.ShouldNotBe(0, $"worker w1 was killed holding partition {held.No} at record {held.Done}\n{killed}");
            (await db.BatchStatusAsync()).ShouldBe("RUNNING", "the kill was meant to land while the batch was staging");
            output.WriteLine($"killed {held.Owner} holding partition {held.No} at record {held.Done:N0} of {held.Count:N0}");

            var run = (await coordinator.WaitAsync()).ShouldExitWith(0);
            var json = Json.Parse(run);
            json.Str("result").ShouldBe("COMMITTED");
            json.Str("batch", "batch_id").ShouldBe(BatchId);
            foreach (var survivor in workers.Skip(1))
            {
                (await survivor.WaitAsync()).ShouldExitWith(0);
            }

            // A survivor took the dead worker's partition over, from the checkpoint it had reached.
            var events = await db.EventsAsync();
            var takeOver = events.Where(e => e.Event == "LEASE_TAKEN_OVER" && e.Details.StartsWith($"partition {held.No}: lease of {held.Owner} ran out; ", StringComparison.Ordinal))
                .Select(e => e.Details).ToList();
            takeOver.ShouldNotBeEmpty($"a LEASE_TAKEN_OVER event for partition {held.No} of {held.Owner}; events:\n{string.Join("\n", events)}");
            var survivors = workers.Skip(1).Select(w => $"/{w.Id}/w").ToList();
            survivors.ShouldContain(s => takeOver[0].Contains(s, StringComparison.Ordinal), $"taken over by a surviving worker: {takeOver[0]}");
            var resumedAt = long.Parse(takeOver[0][(takeOver[0].LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            resumedAt.ShouldBeGreaterThanOrEqualTo(held.Done, "the survivor resumes from the dead worker's checkpoint, not from the start");
            resumedAt.ShouldBeLessThan(held.Count);
            (await db.CountAsync("SELECT attempts FROM staging_worker_partition WHERE batch_id = @BatchId AND partition_no = @No", new { BatchId, held.No }))
                .ShouldBeGreaterThanOrEqualTo(2, "the partition was leased again after the kill");
            // The killed worker's open chunk left neither rows nor a seal: staging is exactly what the sealed chunks wrote.
            events.Single(e => e.Event == "BATCH_COMMITTED").Details.ShouldContain("staging as its chunks sealed it");

            await db.ShouldMatchReferenceAsync(reference.Db);
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    [Fact]
    public async Task terminated_backends_mid_chunk_are_reconnected_by_the_retries_and_the_batch_commits_the_reference_ledger()
    {
        await using var db = await PgReferenceRun.CreateSubjectAsync();
        using var run = db.Start("run", "--period", Period, "--workers", "2", "--chunk-size", Chunk, "--json");

        var inTransaction = 0;
        for (var strike = 1; strike <= 4; strike++)
        {
            var threshold = Records * strike / 6;
            var staged = await PgPoll.UntilAsync([run], $"{threshold:N0} records were staged and a worker's chunk transaction was open (strike {strike})",
                async () => await db.StagedRecordsAsync() is var n && n >= threshold
                            && await db.CountAsync("""
                                SELECT count(*) FROM pg_stat_activity
                                WHERE datname = current_database() AND application_name = 'monthend' AND xact_start IS NOT NULL AND state <> 'idle'
                                """) > 0
                    ? n
                    : (long?)null);
            // pg_terminate_backend in the select list: in the WHERE clause the planner may call it before the other conditions.
            var terminated = await db.QueryAsync<(int Pid, string State, string Query, bool Terminated)>("""
                SELECT pid, coalesce(state, ''), left(coalesce(query, ''), 60), pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'monthend'
                """);
            output.WriteLine($"strike {strike} at {staged:N0} staged records: terminated {string.Join("; ", terminated.Select(t => $"{t.Pid} {t.State} {t.Query}"))}");
            terminated.ShouldNotBeEmpty($"strike {strike} found monthend's sessions to terminate");
            inTransaction += terminated.Count(t => t.Terminated && t.State is "active" or "idle in transaction");
            (await db.BatchStatusAsync()).ShouldBe("RUNNING", $"strike {strike} was meant to land while the batch was staging");
        }

        inTransaction.ShouldBeGreaterThan(0, "at least one terminated backend was inside a chunk's transaction");
        (await db.StagedRecordsAsync()).ShouldBeLessThan(Records, "the last strike landed before staging had finished");

        var json = Json.Parse((await run.WaitAsync()).ShouldExitWith(0));
        json.Str("result").ShouldBe("COMMITTED");
        var events = await db.EventsAsync();
        events.Where(e => e.Event == "PARTITION_FAILED").ShouldBeEmpty("no partition failed on a terminated connection");
        // A chunk whose transaction died left neither rows nor a seal; one whose reply was lost was not written twice.
        events.Single(e => e.Event == "BATCH_COMMITTED").Details.ShouldContain("staging as its chunks sealed it");
        await db.ShouldMatchReferenceAsync(reference.Db);
    }

    [Fact]
    public async Task a_postgresql_restart_mid_batch_is_ridden_out_or_the_next_run_finishes_with_the_reference_ledger()
    {
        _ = PgServer.DataDirectory; // fails at once, saying why, when the cluster's directory is unknown
        await using var db = await PgReferenceRun.CreateSubjectAsync();
        var startedBefore = await db.ScalarAsync<DateTime>("SELECT pg_postmaster_start_time()");
        using var run = db.Start("run", "--period", Period, "--workers", "2", "--chunk-size", Chunk, "--json");

        var staged = await PgPoll.UntilAsync([run], "a third of the records were staged",
            async () => await db.StagedRecordsAsync() is var n && n >= Records / 3 ? n : (long?)null);
        (await db.BatchStatusAsync()).ShouldBe("RUNNING");
        await PgServer.RestartAsync();
        (await db.ScalarAsync<DateTime>("SELECT pg_postmaster_start_time()")).ShouldBeGreaterThan(startedBefore, "the server was restarted");
        (await db.BatchStatusAsync()).ShouldBe("RUNNING", "the restart was meant to land while the batch was staging");
        output.WriteLine($"restarted PostgreSQL with {staged:N0} of {Records:N0} records staged");

        var first = await run.WaitAsync();
        if (first.ExitCode != 0)
        {
            // The run gave up (its retries ran out); the batch must still be whole, and a new run finishes it.
            output.WriteLine($"the run gave up after the restart:\n{first}");
            await db.ShouldBeUntouchedByBatchesAsync("after the run gave up");
            var second = Json.Parse((await db.CliAsync("run", "--period", Period, "--json")).ShouldExitWith(0));
            second.Str("result").ShouldBe("COMMITTED");
            second.Str("batch", "batch_id").ShouldBe(BatchId, "the second run resumes the batch rather than starting a new one");
        }
        else
        {
            output.WriteLine("the run rode the restart out");
            Json.Parse(first).Str("result").ShouldBe("COMMITTED");
        }

        (await db.CountAsync("SELECT count(*) FROM staging_month_end_master")).ShouldBe(1, "one batch");
        (await db.EventsAsync()).Single(e => e.Event == "BATCH_COMMITTED").Details.ShouldContain("staging as its chunks sealed it");
        await db.ShouldMatchReferenceAsync(reference.Db);
    }

    [Fact]
    public async Task kill_9_of_the_run_during_the_commit_transaction_leaves_all_or_nothing_and_run_again_commits_the_reference_ledger()
    {
        await using var db = await PgReferenceRun.CreateSubjectAsync();
        // The strike point is held open: this session keeps fund_balance locked against writes, so the
        // commit transaction stops where it moves the funds, with the source already marked and the
        // staged tables attached as the ledger's partitions (its last steps before COMMIT).
        await using var barrier = new NpgsqlConnection(db.TestConnection);
        await barrier.OpenAsync();
        await using var held = await barrier.BeginTransactionAsync();
        await barrier.ExecuteAsync("LOCK TABLE fund_balance IN SHARE MODE", transaction: held);
        using (var run = db.Start("run", "--period", Period, "--workers", "2", "--chunk-size", Chunk))
        {
            await PgPoll.UntilAsync([run], "the commit transaction waited to move the fund balances",
                async () => await MonthendLocksAsync(db, "'fund_balance'::regclass", "NOT l.granted") > 0 ? true : (bool?)null);
            (await MonthendLocksAsync(db, "'premium_transaction'::regclass", "l.mode = 'RowExclusiveLock' AND l.granted"))
                .ShouldBe(1, "the waiting transaction has marked the source");
            var staged = await db.BatchKeyAsync();
            (await MonthendLocksAsync(db, $"'staging_je_header_b{staged}'::regclass, 'staging_je_line_b{staged}'::regclass", "l.mode = 'AccessExclusiveLock' AND l.granted"))
                .ShouldBe(2, "the waiting transaction has attached the staged tables (it holds them exclusively)");
            run.KillHard();
            var killed = await run.WaitAsync();
            killed.ExitCode.ShouldNotBe(0, $"the run was killed inside its commit transaction; it cannot have exited 0\n{killed}");
        }

        await held.RollbackAsync();
        await db.WaitForNoProductSessionsAsync();
        var status = await db.BatchStatusAsync();
        var key = await db.BatchKeyAsync();
        if (status == "COMMITTED")
        {
            // All: then everything must be there. But the kill was meant to land inside the commit.
            await db.ShouldMatchReferenceAsync(reference.Db);
            Assert.Fail("the kill landed after the commit transaction had committed, so this run did not test an interrupted commit");
        }

        // Nothing: no journal row, no fund movement, no flagged source row, no validation result; the staged tables wait, unattached.
        status.ShouldBe("VALIDATING", "the batch stays VALIDATING: its validate-and-commit transaction rolled back with the killed session");
        await db.ShouldBeUntouchedByBatchesAsync("after the kill during the commit");
        (await db.CountAsync("SELECT count(*) FROM staging_validation_result")).ShouldBe(0, "validation results of the rolled-back transaction");
        (await db.ScalarAsync<bool>($"SELECT to_regclass('staging_je_header_b{key}') IS NOT NULL AND to_regclass('staging_je_line_b{key}') IS NOT NULL"))
            .ShouldBeTrue("the staging tables are still there, not attached to the ledger");
        (await db.ScalarAsync<bool>($"SELECT to_regclass('journal_entry_header_b{key}') IS NULL AND to_regclass('journal_entry_line_b{key}') IS NULL"))
            .ShouldBeTrue("no ledger partition of the batch");

        var resumed = Json.Parse((await db.CliAsync("run", "--period", Period, "--json")).ShouldExitWith(0));
        resumed.Str("result").ShouldBe("COMMITTED");
        resumed.Str("batch", "batch_id").ShouldBe(BatchId, "the run resumes the interrupted batch");
        resumed.Long("ledger", "entries").ShouldBe(PgReferenceRun.Entries);
        (await db.CountAsync("SELECT count(DISTINCT validation_run) FROM staging_validation_result")).ShouldBe(1, "the committing run's validation, recorded with its commit");
        await db.ShouldMatchReferenceAsync(reference.Db);
    }

    [Fact]
    public async Task two_runs_of_the_same_period_started_at_once_make_one_batch_one_commits_and_the_other_is_refused()
    {
        await using var db = await PgReferenceRun.CreateSubjectAsync();
        string[] args = ["run", "--period", Period, "--workers", "2", "--chunk-size", Chunk, "--json"];
        using var first = db.Start(args);
        using var second = db.Start(args);
        await OneCommitsTheReferenceAndTheOtherIsRefusedAsync(db, first, second);
    }

    [Fact]
    public async Task a_second_run_started_while_the_first_validates_is_refused_and_the_first_commits_the_reference_ledger()
    {
        await using var db = await PgReferenceRun.CreateSubjectAsync();
        string[] args = ["run", "--period", Period, "--workers", "2", "--chunk-size", Chunk, "--json"];
        using var first = db.Start(args);
        await PgPoll.UntilAsync([first], "the batch was RUNNING",
            async () => await db.BatchStatusAsync() == "RUNNING" ? true : (bool?)null);

        // A long index phase, made to order: a lock of the test's own (ACCESS SHARE, which staging's COPY
        // does not mind) holds the first run's ALTER TABLE in its validation until the second run arrives.
        var key = await db.BatchKeyAsync();
        await using var holder = new NpgsqlConnection(db.TestConnection);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync($"LOCK TABLE staging_je_header_b{key} IN ACCESS SHARE MODE", transaction: hold);
        const string waiting = """
            SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = 'monthend' AND wait_event_type = 'Lock'
            """;
        await PgPoll.UntilAsync([first], "the first run was validating, waiting to index its staging",
            async () => await db.BatchStatusAsync() == "VALIDATING" && await db.CountAsync(waiting) >= 1 ? true : (bool?)null);
        using var second = db.Start(args);
        await PgPoll.UntilAsync([first], "the second run was waiting on a lock too, or had ended",
            async () => second.HasExited || await db.CountAsync(waiting) >= 2 ? true : (bool?)null);
        await hold.RollbackAsync();

        await OneCommitsTheReferenceAndTheOtherIsRefusedAsync(db, first, second);
    }

    /// <summary>Of two runs of the period, exactly one commits (the reference ledger, one batch); the other exits 4 naming the batch.</summary>
    /// <summary>Locks on the given relations held or awaited by the product's sessions in this test's database, that meet the condition.</summary>
    private static Task<long> MonthendLocksAsync(PgDatabase db, string relations, string condition) =>
        db.CountAsync($"""
            SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.relation IN ({relations}) AND {condition}
              AND a.datname = current_database() AND a.application_name = 'monthend'
            """);

    private async Task OneCommitsTheReferenceAndTheOtherIsRefusedAsync(PgDatabase db, RunningCli first, RunningCli second)
    {
        var results = await Task.WhenAll(first.WaitAsync(), second.WaitAsync());
        foreach (var result in results)
        {
            output.WriteLine($"exit {result.ExitCode}: {Summary(result)}");
        }

        results.Count(r => r.ExitCode == 0).ShouldBe(1, $"exactly one run exits 0\n{string.Join("\n", results.Select(r => r.ToString()))}");
        Json.Parse(results.Single(r => r.ExitCode == 0)).Str("result").ShouldBe("COMMITTED");
        var other = results.Single(r => r.ExitCode != 0).ShouldExitWith(4);
        RefusalMessage(other).ShouldContain(BatchId, Case.Sensitive, $"the refused run names the batch\n{other}");

        (await db.CountAsync("SELECT count(*) FROM staging_month_end_master WHERE period = @Period", new { Period })).ShouldBe(1, "batches of the period");
        await db.ShouldMatchReferenceAsync(reference.Db);
    }

    /// <summary>How a run ended, in one line: its --json message, or what it wrote to standard error.</summary>
    private static string Summary(CliResult result) =>
        result.Stdout.TrimStart().StartsWith('{') ? Json.Parse(result).Str("result") + ": " + Json.Parse(result).Str("message") : result.Stderr.Trim();

    /// <summary>The refused run's message: its --json result, or the "refused:" line of a refusal raised mid-run.</summary>
    private static string RefusalMessage(CliResult result)
    {
        if (result.Stdout.TrimStart().StartsWith('{'))
        {
            var json = Json.Parse(result);
            json.Str("result").ShouldBe("REFUSED", result.ToString());
            return json.Str("message");
        }

        result.Stderr.ShouldStartWith("refused:", Case.Sensitive, result.ToString());
        return result.Stderr;
    }
}
