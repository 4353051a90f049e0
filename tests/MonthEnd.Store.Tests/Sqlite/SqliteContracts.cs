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
