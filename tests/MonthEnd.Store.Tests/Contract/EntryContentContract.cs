using MonthEnd.Core.Batches;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Validation;

namespace MonthEnd.Store.Tests.Contract;

/// <summary>
/// Staged rows edited by hand (or by a bug) between posting and commit, in ways that every total
/// still agrees with: the commit compares each partition's rows with what the batch's rules make of
/// its source records (ENTRY_CONTENT), names the first row that differs, and writes nothing.
/// </summary>
public abstract class EntryContentContract(Func<IStoreTarget> targets) : StoreContract(targets)
{
    /// <summary>The first premium's PREM-TBR entry (premiums take the first numbers, three templates each) and the second premium's.</summary>
    private static (long A, long B) TwoTabarruEntries(BatchRecord batch) => (batch.Sequence.First, batch.Sequence.First + 3);

    [Fact]
    public async Task commit_refuses_an_account_code_changed_to_one_not_in_the_chart_and_names_the_line()
    {
        var batch = await StagedAsync();
        var (a, _) = TwoTabarruEntries(batch);
        await Target.ExecuteOnStagingAsync(batch, 1, "UPDATE {line} SET account_code = '9999' WHERE je_id = @a AND line_number = 2", new { a });

        var outcome = await ShouldFailWithNothingWrittenAsync(batch, CheckCode.EntryContent);

        ContentFailure(outcome).ShouldContain($"JE {a} line 2");
        ContentFailure(outcome).ShouldContain("account_code is staged as '9999', the rules make '4101'");
        outcome.Report.Failures.Select(f => f.Code).ShouldBe([CheckCode.EntryContent]);
    }

    [Fact]
    public async Task commit_refuses_a_hand_edit_in_a_batch_larger_than_the_commits_cache_names_the_line_and_writes_nothing()
    {
        // Enough entries that the ledger copy outgrows the commit's page cache (SQLite then locks the file to spill) before the checks end.
        await SeedAsync(January, premiums: 80_000, claims: 800);
        var batch = await StageAsync(January);
        var last = (await Store.GetPartitionsAsync(batch.BatchId, Ct)).Where(p => p.RecordCount > 0).MaxBy(p => p.PartitionNo)!;
        var a = last.Sequence.First;
        await Target.ExecuteOnStagingAsync(batch, last.PartitionNo, "UPDATE {line} SET account_code = '9999' WHERE je_id = @a AND line_number = 2", new { a });

        var outcome = await ShouldFailWithNothingWrittenAsync(batch, CheckCode.EntryContent);

        ContentFailure(outcome).ShouldContain($"JE {a} line 2");
        outcome.Report.Failures.Select(f => f.Code).ShouldBe([CheckCode.EntryContent]);
    }

    [Fact]
    public async Task commit_refuses_a_reference_id_changed_by_hand()
    {
        var batch = await StagedAsync();
        var (_, b) = TwoTabarruEntries(batch);
        await Target.ExecuteOnStagingAsync(batch, 1, "UPDATE {header} SET reference_id = reference_id + 100000 WHERE je_id = @b", new { b });

        var outcome = await ShouldFailWithNothingWrittenAsync(batch, CheckCode.EntryContent);

        ContentFailure(outcome).ShouldContain($"JE {b} header");
        ContentFailure(outcome).ShouldContain("reference_id is staged as");
        outcome.Report.Failures.Select(f => f.Code).ShouldBe([CheckCode.EntryContent]);
    }

    [Fact]
    public async Task commit_refuses_an_entry_date_changed_within_the_period()
    {
        var batch = await StagedAsync();
        var (a, _) = TwoTabarruEntries(batch);
        await Target.ExecuteOnStagingAsync(batch, 1,
            $"UPDATE {{header}} SET je_date = CASE WHEN je_date = {Target.Literal(new DateOnly(2025, 1, 2))} THEN {Target.Literal(new DateOnly(2025, 1, 3))} ELSE {Target.Literal(new DateOnly(2025, 1, 2))} END WHERE je_id = @a",
            new { a });

        var outcome = await ShouldFailWithNothingWrittenAsync(batch, CheckCode.EntryContent);

        ContentFailure(outcome).ShouldContain($"JE {a} header");
        ContentFailure(outcome).ShouldContain("je_date is staged as '2025-01-0");
    }

    [Fact]
    public async Task commit_refuses_amounts_swapped_between_two_entries_though_every_total_agrees()
    {
        var batch = await StagedAsync();
        var (a, b) = TwoTabarruEntries(batch);
        await SwapAsync(batch, "{header}", "je_id = @x", a, b, "total_debit", "total_credit");
        await SwapAsync(batch, "{line}", "je_id = @x AND line_number = 1", a, b, "debit_amount");
        await SwapAsync(batch, "{line}", "je_id = @x AND line_number = 2", a, b, "credit_amount");

        var outcome = await ShouldFailWithNothingWrittenAsync(batch, CheckCode.EntryContent);

        outcome.Report.Failures.Select(f => f.Code).ShouldBe([CheckCode.EntryContent]);
        ContentFailure(outcome).ShouldContain($"JE {a} header");
        ContentFailure(outcome).ShouldContain("total_debit is staged as");
    }

    [Fact]
    public async Task commit_refuses_two_entries_that_traded_their_je_numbers()
    {
        var batch = await StagedAsync();
        var (a, b) = TwoTabarruEntries(batch);
        await TradeJeNumbersAsync(batch, a, b);

        var outcome = await ShouldFailWithNothingWrittenAsync(batch, CheckCode.EntryContent);

        outcome.Report.Failures.Select(f => f.Code).ShouldBe([CheckCode.EntryContent]);
        ContentFailure(outcome).ShouldContain($"JE {a} header");
        ContentFailure(outcome).ShouldContain("is staged as");
    }

    [Fact]
    public async Task commit_refuses_a_line_description_written_where_the_template_has_none()
    {
        var batch = await StagedAsync();
        var (a, _) = TwoTabarruEntries(batch);
        await Target.ExecuteOnStagingAsync(batch, 1, "UPDATE {line} SET description = 'adjusted' WHERE je_id = @a AND line_number = 1", new { a });

        var outcome = await ShouldFailWithNothingWrittenAsync(batch, CheckCode.EntryContent);

        ContentFailure(outcome).ShouldContain($"JE {a} line 1");
        ContentFailure(outcome).ShouldContain("description is staged as 'adjusted'");
    }

    [Fact]
    public async Task a_clean_batch_passes_the_content_check_with_every_partition_as_the_rules_make_it()
    {
        var batch = await StagedAsync();

        var outcome = await ValidateAndCommitAsync(batch);

        outcome.Batch.Status.ShouldBe(BatchStatus.Committed);
        var content = outcome.Report.Checks.Single(c => c.Code == CheckCode.EntryContent);
        content.Passed.ShouldBeTrue();
        content.Actual.ShouldBe($"{(await Store.GetPartitionsAsync(batch.BatchId, Ct)).Count} partitions as the rules make them");
    }

    /// <summary>Two entries (and their lines) trade numbers in one statement each: every count and sum stays the same.</summary>
    protected virtual async Task TradeJeNumbersAsync(BatchRecord batch, long a, long b)
    {
        await Target.ExecuteOnStagingAsync(batch, 1, "UPDATE {line} SET je_id = CASE WHEN je_id = @a THEN @b ELSE @a END WHERE je_id IN (@a, @b)", new { a, b });
        await Target.ExecuteOnStagingAsync(batch, 1,
            "UPDATE {header} SET je_id = CASE WHEN je_id = @a THEN @b ELSE @a END, je_number = CASE WHEN je_id = @a THEN @b ELSE @a END WHERE je_id IN (@a, @b)",
            new { a, b });
    }

    protected static string ContentFailure(CommitOutcome outcome) =>
        outcome.Report.Checks.Single(c => c.Code == CheckCode.EntryContent).Message;

    /// <summary>
    /// Swaps columns' values between two rows with three statements (a += b, b = a - b, a -= b), each
    /// reading the other row only: no store-specific SQL, and a row's columns move together (a header's
    /// totals must stay equal).
    /// </summary>
    private async Task SwapAsync(BatchRecord batch, string table, string where, long a, long b, params string[] columns)
    {
        var other = where.Replace("je_id", "o.je_id", StringComparison.Ordinal).Replace("line_number", "o.line_number", StringComparison.Ordinal)
            .Replace("@x", "@other", StringComparison.Ordinal);
        string Set(Func<string, string, string> value) => string.Join(", ", columns.Select(c => $"{c} = {value(c, $"(SELECT o.{c} FROM {table} o WHERE {other})")}"));
        var row = where.Replace("@x", "@row", StringComparison.Ordinal);
        await Target.ExecuteOnStagingAsync(batch, 1, $"UPDATE {table} SET {Set((c, o) => $"{c} + {o}")} WHERE {row}", new { row = a, other = b });
        await Target.ExecuteOnStagingAsync(batch, 1, $"UPDATE {table} SET {Set((c, o) => $"{o} - {c}")} WHERE {row}", new { row = b, other = a });
        await Target.ExecuteOnStagingAsync(batch, 1, $"UPDATE {table} SET {Set((c, o) => $"{c} - {o}")} WHERE {row}", new { row = a, other = b });
    }
}
