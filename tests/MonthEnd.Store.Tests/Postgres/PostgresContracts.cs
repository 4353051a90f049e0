using MonthEnd.Core.Batches;
using MonthEnd.Core.Validation;
using Npgsql;
using MonthEnd.Store.Tests.Contract;

namespace MonthEnd.Store.Tests.Postgres;

public sealed class PostgresBatchLifecycle() : BatchLifecycleContract(() => new PostgresTarget());

public sealed class PostgresValidation() : ValidationContract(() => new PostgresTarget())
{
    [Fact]
    public async Task staging_refuses_a_je_number_outside_the_batchs_range_when_it_is_written()
    {
        var batch = await StagedAsync();

        var refused = await Should.ThrowAsync<PostgresException>(() => Target.ExecuteOnStagingAsync(batch, 1,
            $"UPDATE {{line}} SET je_id = {batch.Sequence.Last + 1} WHERE je_id = {batch.Sequence.Last}"));

        refused.SqlState.ShouldBe(PostgresErrorCodes.CheckViolation);
        refused.ConstraintName.ShouldNotBeNull().ShouldEndWith("_range");
    }

    [Fact]
    public async Task an_unchanged_source_is_not_read_again_at_commit_and_the_batch_commits_its_pre_flight_totals()
    {
        var batch = await StagedAsync();
        (await Target.CountAsync("SELECT count(*) FROM staging_month_end_master WHERE source_version IS NOT NULL")).ShouldBe(1);

        var outcome = await ValidateAndCommitAsync(batch);

        outcome.Batch.Status.ShouldBe(BatchStatus.Committed);
        var steps = outcome.Steps.Select(s => s.Step).ToList();
        steps.ShouldContain(s => s.StartsWith("source unchanged since pre-flight", StringComparison.Ordinal));
        steps.ShouldNotContain(s => s.StartsWith("scan source", StringComparison.Ordinal));
        outcome.Report.Checks.ShouldAllBe(c => c.Passed);
        (await FlaggedSourceRowsAsync()).ShouldBe(batch.PremiumCount + batch.ClaimCount);
    }

    [Fact]
    public async Task staging_is_left_alone_by_autovacuum_and_the_attached_partitions_are_not()
    {
        var batch = await StagedAsync();
        const string autovacuumOff = """
            SELECT count(*) FROM pg_class WHERE relname LIKE @pattern AND 'autovacuum_enabled=false' = ANY (reloptions)
            """;
        (await Target.CountAsync(autovacuumOff, new { pattern = "staging_je_%" })).ShouldBe(2);

        (await ValidateAndCommitAsync(batch)).Batch.Status.ShouldBe(BatchStatus.Committed);

        (await Target.CountAsync("SELECT count(*) FROM pg_class WHERE relname LIKE 'journal_entry_%_b%' AND relkind = 'r'")).ShouldBe(2);
        (await Target.CountAsync(autovacuumOff, new { pattern = "journal_entry_%" })).ShouldBe(0);
    }

    [Fact]
    public async Task a_source_row_rewritten_with_its_own_values_after_planning_is_read_again_and_the_batch_commits()
    {
        var batch = await StagedAsync();
        await Target.ExecuteAsync("UPDATE premium_transaction SET premium_amount = premium_amount WHERE txn_id = (SELECT min(txn_id) FROM premium_transaction)");

        var outcome = await ValidateAndCommitAsync(batch);

        outcome.Batch.Status.ShouldBe(BatchStatus.Committed);
        outcome.Steps.Select(s => s.Step).ShouldContain(s => s.StartsWith("scan source", StringComparison.Ordinal));
        outcome.Report.Checks.Single(c => c.Code == CheckCode.SourceChecksum).Passed.ShouldBeTrue();
    }
}

public sealed class PostgresSourceRules() : SourceRulesContract(() => new PostgresTarget());

public sealed class PostgresWorkerLeases() : WorkerLeaseContract(() => new PostgresTarget());
