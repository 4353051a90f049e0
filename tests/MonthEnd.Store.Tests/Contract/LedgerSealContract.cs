using MonthEnd.Core.Accounting;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;

namespace MonthEnd.Store.Tests.Contract;

/// <summary>
/// A committed batch sealed from its partitions, then its ledger changed by hand with plain SQL: the
/// seal check recomputes every range's content from the ledger, names the range, and, posting the
/// batch's source records again, the entry and column.
/// </summary>
public abstract class LedgerSealContract(Func<IStoreTarget> targets) : StoreContract(targets)
{
    private ILedgerSeals Seals => (ILedgerSeals)Store;

    [Fact]
    public async Task an_untouched_ledger_verifies_against_a_seal_carrying_every_partitions_counts()
    {
        var seal = await SealedAsync();

        var verification = await Seals.VerifyLedgerSealAsync(seal, Ct);

        verification.Intact.ShouldBeTrue(verification.Summary());
        seal.Partitions.Select(p => (p.Kind, p.EntryCount, p.LineCount)).ShouldBe(
            [(Core.Posting.SourceKind.Premium, 120L, (long?)240), (Core.Posting.SourceKind.Premium, 120L, 240), (Core.Posting.SourceKind.Premium, 120L, 240),
             (Core.Posting.SourceKind.Claim, 12L, 24)]);
        verification.Measured.Ranges.Select(r => (r.PartitionNo, r.Entries, r.Lines, r.Content))
            .ShouldBe(seal.Partitions.Select(p => (p.PartitionNo, p.EntryCount, p.LineCount!.Value, p.Content)));
        (verification.Measured.Entries, verification.Measured.Lines).ShouldBe((seal.EntryCount, seal.LineCount));
    }

    [Fact]
    public async Task a_seal_appended_to_the_trail_reads_back_from_it_and_verifies_the_ledger()
    {
        var seal = await SealedAsync();
        var chain = new AuditChain(new byte[32]);
        var caller = new Caller("alice", [Role.BatchAdmin], "cli", "127.0.0.1", "monthend-cli/1.0");
        await ((IAuditStore)Store).AppendAuditAsync(seal.ToDraft(caller, DateTimeOffset.UtcNow), chain.Link, Ct);

        var row = await ((IAuditStore)Store).ReadAuditAsync(new AuditQuery(Operation: LedgerSeal.Operation), Ct).SingleAsync(Ct);

        chain.Verifies(row).ShouldBeTrue();
        row.Draft.BatchId.ShouldBe(seal.BatchId);
        (await Seals.VerifyLedgerSealAsync(LedgerSealJson.Read(row.Draft.Details), Ct)).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task an_amount_edited_in_the_ledger_is_named_with_its_entry_and_column()
    {
        var seal = await SealedAsync();
        var je = seal.Sequence.First + 3;
        await Target.ExecuteAsync($"UPDATE journal_entry_line SET debit_amount = debit_amount + {Target.Literal(new Money(1))} WHERE je_id = @je AND line_number = 1",
            new { je });

        var problem = (await Seals.VerifyLedgerSealAsync(seal, Ct)).Problems.ShouldHaveSingleItem();

        problem.Kind.ShouldBe(SealProblemKind.ContentDiffers);
        (problem.PartitionNo, problem.JeNumber).ShouldBe((1, je));
        problem.Message.ShouldStartWith($"partition 1 (JE {seal.Partitions[0].Range}): its entries and lines are not the ones sealed; first difference: JE {je} line 1 (PREMIUM ");
        problem.Message.ShouldContain("debit_amount is in the ledger as '");
    }

    [Fact]
    public async Task an_account_and_a_date_edited_in_the_ledger_are_named()
    {
        var seal = await SealedAsync();
        var claim = seal.Partitions[^1].Range.First + 2;
        await Target.ExecuteAsync("UPDATE journal_entry_line SET account_code = '9999' WHERE je_id = @claim AND line_number = 2", new { claim });
        await Target.ExecuteAsync($"UPDATE journal_entry_header SET je_date = {Target.Literal(new DateOnly(2024, 12, 31))} WHERE je_id = @je",
            new { je = seal.Sequence.First });

        var problems = (await Seals.VerifyLedgerSealAsync(seal, Ct)).Problems;

        problems.Select(p => (p.Kind, p.PartitionNo)).ShouldBe([(SealProblemKind.ContentDiffers, 1), (SealProblemKind.ContentDiffers, 4)]);
        problems[0].Message.ShouldContain($"first difference: JE {seal.Sequence.First} header (PREMIUM ");
        problems[0].Message.ShouldContain("je_date is in the ledger as '2024-12-31'");
        problems[1].Message.ShouldBe($"partition 4 (JE {seal.Partitions[^1].Range}): its entries and lines are not the ones sealed");
    }

    [Fact]
    public async Task a_deleted_line_is_counted_in_its_range_and_named()
    {
        var seal = await SealedAsync();
        var je = seal.Partitions[1].Range.First + 7;
        await Target.ExecuteAsync("DELETE FROM journal_entry_line WHERE je_id = @je AND line_number = 2", new { je });

        var problems = (await Seals.VerifyLedgerSealAsync(seal, Ct)).Problems;

        problems.Select(p => (p.Kind, p.PartitionNo)).ShouldBe([(SealProblemKind.LineCount, 2), (SealProblemKind.ContentDiffers, 2)]);
        problems[0].Message.ShouldBe($"partition 2 (JE {seal.Partitions[1].Range}): 239 lines in the ledger, 240 sealed (lines were deleted)");
        problems[1].JeNumber.ShouldBe(je);
        problems[1].Message.ShouldContain($"first difference: JE {je} line 2 is missing from the ledger (the rules make it from PREMIUM ");
    }

    [Fact]
    public async Task a_deleted_entry_is_counted_in_its_range_and_named()
    {
        var seal = await SealedAsync();
        var je = seal.Partitions[^1].Range.First + 5;
        await Target.ExecuteAsync("DELETE FROM journal_entry_line WHERE je_id = @je", new { je });
        await Target.ExecuteAsync("DELETE FROM journal_entry_header WHERE je_id = @je", new { je });

        var problems = (await Seals.VerifyLedgerSealAsync(seal, Ct)).Problems;

        problems.Select(p => p.Kind).ShouldBe([SealProblemKind.EntryCount, SealProblemKind.LineCount, SealProblemKind.ContentDiffers]);
        problems[0].Message.ShouldBe($"partition 4 (JE {seal.Partitions[^1].Range}): 11 entries in the ledger, 12 sealed (entries were deleted)");
        problems[2].Message.ShouldContain($"first difference: JE {je} header is missing from the ledger (the rules make it from CLAIM ");
    }

    [Fact]
    public async Task an_entry_inserted_under_the_batchs_id_after_its_range_is_named()
    {
        var seal = await SealedAsync();
        var inserted = seal.Sequence.Last + 1;
        await CopyEntryAsync(seal.Sequence.Last, inserted);

        var problem = (await Seals.VerifyLedgerSealAsync(seal, Ct)).Problems.ShouldHaveSingleItem();

        problem.ShouldBe(new SealProblem(SealProblemKind.EntryOutsideRanges, null, inserted,
            $"1 entry carrying the batch's id is numbered outside its sealed range {seal.Sequence} (first: JE {inserted}): inserted"));
    }

    [Fact]
    public async Task a_line_inserted_into_a_sealed_entry_is_named()
    {
        var seal = await SealedAsync();
        var je = seal.Sequence.First;
        await Target.ExecuteAsync("""
            INSERT INTO journal_entry_line (je_id, line_number, account_code, fund_type, debit_amount, credit_amount, description)
            SELECT je_id, 3, account_code, fund_type, debit_amount, credit_amount, description FROM journal_entry_line WHERE je_id = @je AND line_number = 1
            """, new { je });

        var problems = (await Seals.VerifyLedgerSealAsync(seal, Ct)).Problems;

        problems.Select(p => p.Kind).ShouldBe([SealProblemKind.LineCount, SealProblemKind.ContentDiffers]);
        problems[0].Message.ShouldContain("241 lines in the ledger, 240 sealed (lines were inserted)");
        problems[1].Message.ShouldContain($"first difference: JE {je} line 3 is in the ledger, but the rules make no such row from this partition's source");
    }

    [Fact]
    public async Task an_entry_in_the_range_handed_to_another_batch_is_named()
    {
        var seal = await SealedAsync();
        var je = seal.Sequence.First + 10;
        await Target.ExecuteAsync("UPDATE journal_entry_header SET batch_id = 'someone-else' WHERE je_id = @je", new { je });

        var problem = (await Seals.VerifyLedgerSealAsync(seal, Ct)).Problems.ShouldHaveSingleItem();

        problem.ShouldBe(new SealProblem(SealProblemKind.EntryOfAnotherBatch, null, je,
            $"1 entry numbered in the batch's ranges carries another batch's id (first: JE {je})"));
    }

    /// <summary>A January batch of 120 premiums and 12 claims committed (three premium partitions of 40, one of claims) and its seal.</summary>
    protected async Task<LedgerSeal> SealedAsync()
    {
        var outcome = await ValidateAndCommitAsync(await StagedAsync());
        outcome.Batch.Status.ShouldBe(BatchStatus.Committed, outcome.Report.Summary());
        return LedgerSeal.Of(outcome.Batch, await Store.GetPartitionsAsync(outcome.Batch.BatchId, Ct));
    }

    /// <summary>Another entry with the same columns (batch id included) and lines as <paramref name="from"/>, numbered <paramref name="to"/>.</summary>
    private async Task CopyEntryAsync(long from, long to)
    {
        await Target.ExecuteAsync("""
            INSERT INTO journal_entry_header (je_id, je_number, je_date, je_type, reference_type, reference_id, description, total_debit, total_credit,
                status, coa_version_id, template_code, created_by, posted_by, posted_at, batch_id, batch_created_at)
            SELECT @to, @to, je_date, je_type, reference_type, reference_id, description, total_debit, total_credit,
                status, coa_version_id, template_code, created_by, posted_by, posted_at, batch_id, batch_created_at
            FROM journal_entry_header WHERE je_id = @from
            """, new { from, to });
        await Target.ExecuteAsync("""
            INSERT INTO journal_entry_line (je_id, line_number, account_code, fund_type, debit_amount, credit_amount, description)
            SELECT @to, line_number, account_code, fund_type, debit_amount, credit_amount, description FROM journal_entry_line WHERE je_id = @from
            """, new { from, to });
    }
}
