using MonthEnd.Core.Batches;
using MonthEnd.Core.Validation;
using Npgsql;
using MonthEnd.Store.Tests.Contract;

namespace MonthEnd.Store.Tests.Postgres;

public sealed class PostgresBatchLifecycle() : BatchLifecycleContract(() => new PostgresTarget());

public sealed class PostgresAuditTrail() : AuditTrailContract(() => new PostgresTarget());

public sealed class PostgresLedgerSeals() : LedgerSealContract(() => new PostgresTarget());

public sealed class PostgresLedgerReports() : LedgerReportsContract(() => new PostgresTarget());

public sealed class PostgresEntryContent() : EntryContentContract(() => new PostgresTarget())
{
    [Fact]
    public async Task staging_unlike_its_chunk_seals_is_verified_row_by_row_for_content_not_only_for_totals()
    {
        var batch = await StagedAsync();
        // Both premiums' Tabarru entries trade their reference ids: every count and sum agrees, only xmin betrays the edit.
        await Target.ExecuteOnStagingAsync(batch, 1, """
            UPDATE {header} h SET reference_id = o.reference_id FROM {header} o
            WHERE (h.je_id, o.je_id) IN ((@a, @b), (@b, @a))
            """, new { a = batch.Sequence.First, b = batch.Sequence.First + 3 });

        var outcome = await ShouldFailWithNothingWrittenAsync(batch, CheckCode.EntryContent);

        outcome.Steps.Select(s => s.Step).ShouldContain(s => s.StartsWith("staging unlike its chunk seals (", StringComparison.Ordinal));
        outcome.Report.Failures.Select(f => f.Code).ShouldBe([CheckCode.EntryContent]);
        ContentFailure(outcome).ShouldContain($"JE {batch.Sequence.First} header");
    }

    [Fact]
    public async Task a_batch_column_of_a_staged_header_changed_by_hand_fails_the_content_check()
    {
        var batch = await StagedAsync();
        await Target.ExecuteOnStagingAsync(batch, 1, "UPDATE {header} SET created_by = 'someone' WHERE je_id = @a", new { a = batch.Sequence.First });

        await ShouldFailWithNothingWrittenAsync(batch, CheckCode.EntryContent);
    }
}

public sealed class PostgresValidation() : ValidationContract(() => new PostgresTarget())
{
    protected override string SkipMarkingTrigger => """
        CREATE FUNCTION skip_marking() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
        CREATE TRIGGER skip_marking BEFORE UPDATE ON premium_transaction FOR EACH ROW WHEN (OLD.txn_id = @id) EXECUTE FUNCTION skip_marking();
        """;

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
    public async Task untouched_staging_is_taken_from_its_chunk_seals_without_reading_a_staged_row_back()
    {
        var (premiums, claims) = await SeedAsync(January, premiums: 120, claims: 12);
        var batch = await StageAsync(January);
        // 120 premiums and 12 claims in chunks of 40: several chunks, each sealed by its own transaction.
        (await Target.CountAsync("SELECT count(DISTINCT chunk_xid::text) FROM staging_chunk_seal")).ShouldBeGreaterThan(3);
        (await Target.CountAsync("SELECT sum(header_count) FROM staging_chunk_seal")).ShouldBe((3 * 120) + 12);

        var outcome = await ValidateAndCommitAsync(batch);

        outcome.Batch.Status.ShouldBe(BatchStatus.Committed);
        var steps = outcome.Steps.Select(s => s.Step).ToList();
        steps.ShouldContain("staging as its chunks sealed it ∥");
        steps.ShouldNotContain("measure staging ∥");
        outcome.Report.Checks.ShouldAllBe(c => c.Passed);
        await FundsShouldHaveMovedByAsync(premiums, claims);
    }

    [Fact]
    public async Task a_staged_line_rewritten_with_its_own_values_is_noticed_and_every_staged_row_is_measured()
    {
        var batch = await StagedAsync();
        await Target.ExecuteOnStagingAsync(batch, 1, "UPDATE {line} SET debit_amount = debit_amount WHERE je_id = (SELECT min(je_id) FROM {line})");

        var outcome = await ValidateAndCommitAsync(batch);

        outcome.Batch.Status.ShouldBe(BatchStatus.Committed);
        var steps = outcome.Steps.Select(s => s.Step).ToList();
        steps.ShouldContain(s => s.StartsWith("staging unlike its chunk seals (", StringComparison.Ordinal) && s.Contains("which sealed no chunk", StringComparison.Ordinal));
        steps.ShouldContain("measure staging ∥");
    }

    [Fact]
    public async Task a_chunk_seal_that_disagrees_with_its_rows_is_not_believed_and_the_funds_move_by_the_rows()
    {
        var (premiums, claims) = await SeedAsync(January, premiums: 120, claims: 12);
        var batch = await StageAsync(January);
        await Target.ExecuteAsync("""
            UPDATE staging_chunk_seal SET tabarru_net = tabarru_net + 1000, total_credit = total_credit + 1000
            WHERE (partition_no, from_record) = (SELECT partition_no, from_record FROM staging_chunk_seal ORDER BY partition_no, from_record LIMIT 1)
            """);

        var outcome = await ValidateAndCommitAsync(batch);

        outcome.Batch.Status.ShouldBe(BatchStatus.Committed);
        outcome.Steps.Select(s => s.Step).ShouldContain(s => s.StartsWith("staging unlike its chunk seals (", StringComparison.Ordinal) && s.Contains("credits", StringComparison.Ordinal));
        await FundsShouldHaveMovedByAsync(premiums, claims);
    }

    [Fact]
    public async Task a_line_number_staged_twice_in_an_entry_fails_validation_though_every_sum_still_agrees()
    {
        var batch = await StagedAsync();
        // No key on staging yet, so nothing stops it; the entry still balances and matches its header.
        await Target.ExecuteOnStagingAsync(batch, 1, "UPDATE {line} SET line_number = 1 WHERE line_number = 2 AND je_id = (SELECT min(je_id) FROM {line})");

        var outcome = await ShouldFailWithNothingWrittenAsync(batch, CheckCode.EntryBalance);

        outcome.Report.Checks.Single(c => c.Code == CheckCode.TotalBalance).Passed.ShouldBeTrue();
        outcome.Report.Failures.Single(c => c.Code == CheckCode.EntryBalance).Actual.ShouldContain("1 malformed lines");
        outcome.Report.Failures.Single(c => c.Code == CheckCode.EntryContent).Message.ShouldContain("line 1 is staged, but the rules make no such row");
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

public sealed class PostgresRandomMonths() : RandomMonthContract(() => new PostgresTarget());

public sealed class PostgresSourceStrays() : SourceStraysContract(() => new PostgresTarget())
{
    // A DATE holds real days only ('2025/01/05' is read as 2025-01-05; '2025-02-30' and an integer
    // are refused by the column), but also NULL and infinity, which no period reaches.
    protected override IReadOnlyDictionary<string, string> NoDays { get; } = new Dictionary<string, string>
    {
        ["NULL"] = "NULL",
        ["infinity"] = "'infinity'",
    };
}

public sealed class PostgresUserStore() : UserStoreContract(() => new PostgresTarget());

public sealed class PostgresUserStoreTokens() : UserStoreTokensContract(() => new PostgresTarget());

public sealed class PostgresApprovalStore() : ApprovalStoreContract(() => new PostgresTarget());

public sealed class PostgresSourcePersonalData() : SourcePersonalDataContract(() => new PostgresTarget());

public sealed class PostgresPartitionRestarts() : PartitionRestartContract(() => new PostgresTarget());
