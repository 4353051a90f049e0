using MonthEnd.Sqlite;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Validation;
using MonthEnd.Store.Tests.Contract;

namespace MonthEnd.Store.Tests.Sqlite;

public sealed class SqliteBatchLifecycle() : BatchLifecycleContract(() => new SqliteTarget());

public sealed class SqliteAuditTrail() : AuditTrailContract(() => new SqliteTarget());

public sealed class SqliteLedgerSeals() : LedgerSealContract(() => new SqliteTarget())
{
    [Fact]
    public async Task a_ledger_amount_stored_as_another_type_though_it_reads_alike_is_named()
    {
        var seal = await SealedAsync();
        var je = seal.Sequence.First;
        // 0.4 sen more is a REAL that reads as the same whole sen: only its type betrays the edit, as at commit.
        await Target.ExecuteAsync("UPDATE journal_entry_line SET debit_amount = debit_amount + 0.4 WHERE je_id = @je AND line_number = 1", new { je });

        var problem = (await ((ILedgerSeals)Store).VerifyLedgerSealAsync(seal, Ct)).Problems.ShouldHaveSingleItem();

        problem.Kind.ShouldBe(SealProblemKind.ContentDiffers);
        problem.JeNumber.ShouldBe(je);
        problem.Message.ShouldContain($"JE {je} line 1");
        problem.Message.ShouldContain("(REAL)");
    }
}

public sealed class SqliteValidation() : ValidationContract(() => new SqliteTarget())
{
    protected override string SkipMarkingTrigger => """
        CREATE TRIGGER skip_marking BEFORE UPDATE OF batch_processed ON premium_transaction
        WHEN OLD.txn_id = @id BEGIN SELECT RAISE(IGNORE); END
        """;

    private const string SealedStep = "staging as its chunks sealed it";
    private const string MeasuredStep = "measure staging (content digests) ∥";

    [Fact]
    public async Task untouched_staging_is_taken_from_its_chunk_seals_without_reading_a_staged_row_back()
    {
        var (premiums, claims) = await SeedAsync(January, premiums: 120, claims: 12);
        var batch = await StageAsync(January);
        // 120 premiums and 12 claims in chunks of 40: several chunks, each sealed by its own transaction.
        (await OnStagingAsync<long>(batch, "SELECT count(*) FROM staging_chunk_seal")).ShouldBeGreaterThan(3);
        (await OnStagingAsync<long>(batch, "SELECT sum(header_count) FROM staging_chunk_seal")).ShouldBe((3 * 120) + 12);

        var outcome = await ValidateAndCommitAsync(batch);

        outcome.Batch.Status.ShouldBe(BatchStatus.Committed);
        var steps = outcome.Steps.Select(s => s.Step).ToList();
        steps.ShouldContain(SealedStep);
        steps.ShouldNotContain(MeasuredStep);
        outcome.Report.Checks.ShouldAllBe(c => c.Passed);
        await FundsShouldHaveMovedByAsync(premiums, claims);
    }

    [Fact]
    public async Task a_staged_line_changed_and_changed_back_is_noticed_and_every_staged_row_is_measured()
    {
        var batch = await StagedAsync();
        // (SQLite writes nothing at all for SET x = x: the page is left as it was, and so are the seals' grounds.)
        await Target.ExecuteOnStagingAsync(batch, 1, "UPDATE {line} SET debit_amount = debit_amount + 1 WHERE je_id = (SELECT min(je_id) FROM {line})");
        await Target.ExecuteOnStagingAsync(batch, 1, "UPDATE {line} SET debit_amount = debit_amount - 1 WHERE je_id = (SELECT min(je_id) FROM {line})");

        var outcome = await ValidateAndCommitAsync(batch);

        outcome.Batch.Status.ShouldBe(BatchStatus.Committed);
        var steps = outcome.Steps.Select(s => s.Step).ToList();
        steps.ShouldContain(s => s.StartsWith("staging unlike its chunk seals (the staging file was written by something other", StringComparison.Ordinal), string.Join(" | ", steps));
        steps.ShouldContain(MeasuredStep);
    }

    [Fact]
    public async Task a_chunk_seal_that_disagrees_with_its_rows_is_not_believed_and_the_funds_move_by_the_rows()
    {
        var (premiums, claims) = await SeedAsync(January, premiums: 120, claims: 12);
        var batch = await StageAsync(January);
        await Target.ExecuteOnStagingAsync(batch, 1, """
            UPDATE staging_chunk_seal SET tabarru_net = CAST(tabarru_net + 1000 AS TEXT), total_credit = CAST(total_credit + 1000 AS TEXT)
            WHERE rowid = (SELECT min(rowid) FROM staging_chunk_seal)
            """);

        var outcome = await ValidateAndCommitAsync(batch);

        outcome.Batch.Status.ShouldBe(BatchStatus.Committed);
        outcome.Steps.Select(s => s.Step).ShouldContain(MeasuredStep);
        await FundsShouldHaveMovedByAsync(premiums, claims);
    }

    [Fact]
    public async Task a_staged_amount_changed_by_hand_fails_the_batch_though_the_seals_still_agree_with_the_plan()
    {
        var batch = await StagedAsync();
        await Target.ExecuteOnStagingAsync(batch, 1, """
            UPDATE {line} SET debit_amount = debit_amount + 100 WHERE je_id = @je AND debit_amount > 0;
            UPDATE {line} SET credit_amount = credit_amount + 100 WHERE je_id = @je AND credit_amount > 0;
            UPDATE {header} SET total_debit = total_debit + 100, total_credit = total_credit + 100 WHERE je_id = @je
            """, new { je = batch.Sequence.First });

        var outcome = await ShouldFailWithNothingWrittenAsync(batch, CheckCode.EntryContent);

        outcome.Steps.Select(s => s.Step).ShouldContain(MeasuredStep);
        outcome.Report.Failures.Single(c => c.Code == CheckCode.EntryContent).Message.ShouldContain($"JE {batch.Sequence.First}");
    }

    [Fact]
    public async Task a_failed_partition_put_back_to_work_keeps_the_staging_chain_and_the_commit_still_takes_the_seals()
    {
        var (premiums, claims) = await SeedAsync(January, premiums: 120, claims: 12);
        var batch = await StageAsync(January);
        await Target.ExecuteAsync("UPDATE staging_worker_partition SET status = 'FAILED', error = 'for the test' WHERE batch_id = @b AND partition_no = 1",
            new { b = batch.BatchId });
        await Target.ExecuteAsync("UPDATE staging_month_end_master SET status = 'PAUSED' WHERE batch_id = @b", new { b = batch.BatchId });
        (await ((SqliteStore)Store).RestartFailedPartitionAsync(batch.BatchId, 1, "tests", Ct)).ShouldBeTrue();
        (await OnStagingAsync<long>(batch, "SELECT count(*) FROM staging_chunk_seal WHERE partition_no = 1")).ShouldBe(0);

        var running = await Store.MoveAsync(batch.BatchId, BatchStatus.Paused, BatchStatus.Running, null, Ct);
        await new StagingPhase(Store, Settings, null).RunAsync(running, Rules, Ct);
        var restaged = await Store.MoveAsync(batch.BatchId, BatchStatus.Running, BatchStatus.Validating, null, Ct);

        var outcome = await ValidateAndCommitAsync(restaged);
        outcome.Batch.Status.ShouldBe(BatchStatus.Committed);
        outcome.Steps.Select(s => s.Step).ShouldContain(SealedStep);
        await FundsShouldHaveMovedByAsync(premiums, claims);
    }

    private async Task<T> OnStagingAsync<T>(BatchRecord batch, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(
            $"Data Source={new MonthEnd.Sqlite.SqliteDatabase(((SqliteTarget)Target).DatabasePath).StagingFileOf(batch.BatchId)};Pooling=False");
        connection.Open();
        return await Dapper.SqlMapper.ExecuteScalarAsync<T>(connection, sql) ?? throw new InvalidOperationException(sql);
    }
}

public sealed class SqliteEntryContent() : EntryContentContract(() => new SqliteTarget())
{
    /// <summary>SQLite checks keys row by row, so the entries trade through a number outside both.</summary>
    protected override async Task TradeJeNumbersAsync(BatchRecord batch, long a, long b)
    {
        const long parked = -1;
        foreach (var (from, to) in new[] { (a, parked), (b, a), (parked, b) })
        {
            await Target.ExecuteOnStagingAsync(batch, 1, "UPDATE {line} SET je_id = @to WHERE je_id = @from", new { from, to });
            await Target.ExecuteOnStagingAsync(batch, 1, "UPDATE {header} SET je_id = @to, je_number = @to WHERE je_id = @from", new { from, to });
        }
    }

    [Theory]
    [InlineData("UPDATE {line} SET debit_amount = debit_amount + 0.4, credit_amount = credit_amount + 0.4 WHERE je_id = @a", "REAL")]
    [InlineData("UPDATE {header} SET je_date = '2025/01/05' WHERE je_id = @a", "2025/01/05")]
    [InlineData("UPDATE {header} SET je_date = 20250105 WHERE je_id = @a", "20250105")]
    [InlineData("UPDATE {line} SET account_code = CAST('4101' AS BLOB) WHERE je_id = @a AND line_number = 2", "BLOB")]
    public async Task commit_refuses_values_of_another_type_than_their_column_though_they_read_alike(string edit, string shown)
    {
        var batch = await StagedAsync();
        await Target.ExecuteOnStagingAsync(batch, 1, edit, new { a = batch.Sequence.First });

        var outcome = await ShouldFailWithNothingWrittenAsync(batch, CheckCode.EntryContent);

        ContentFailure(outcome).ShouldContain($"JE {batch.Sequence.First}");
        ContentFailure(outcome).ShouldContain(shown);
    }
}

public sealed class SqliteSourceRules() : SourceRulesContract(() => new SqliteTarget());

public sealed class SqliteWorkerLeases() : WorkerLeaseContract(() => new SqliteTarget());

public sealed class SqliteRandomMonths() : RandomMonthContract(() => new SqliteTarget());

public sealed class SqliteSourceStrays() : SourceStraysContract(() => new SqliteTarget())
{
    // Dates are TEXT: any text, a BLOB or NULL; an INTEGER is stored as its text.
    protected override IReadOnlyDictionary<string, string> NoDays { get; } = new Dictionary<string, string>
    {
        ["slashes"] = "'2025/01/05'",
        ["impossible day"] = "'2025-02-30'",
        ["day 32"] = "'2025-01-32'",
        ["integer"] = "20250105",
        ["NULL"] = "NULL",
    };
}

public sealed class SqliteUserStore() : UserStoreContract(() => new SqliteTarget());

public sealed class SqliteUserStoreTokens() : UserStoreTokensContract(() => new SqliteTarget());

public sealed class SqliteApprovalStore() : ApprovalStoreContract(() => new SqliteTarget());

public sealed class SqliteSourcePersonalData() : SourcePersonalDataContract(() => new SqliteTarget());

public sealed class SqliteLedgerReports() : LedgerReportsContract(() => new SqliteTarget());

public sealed class SqlitePartitionRestarts() : PartitionRestartContract(() => new SqliteTarget());
