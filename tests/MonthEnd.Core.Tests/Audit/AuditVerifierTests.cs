using MonthEnd.Core.Audit;
using MonthEnd.Core.Storage;
using static MonthEnd.Core.Tests.Audit.AuditTestData;

namespace MonthEnd.Core.Tests.Audit;

public class AuditVerifierTests
{
    [Fact]
    public void an_untouched_chain_verifies_and_reports_its_head()
    {
        var rows = Rows(5);

        var result = AuditVerifier.Verify(Chain, rows, rows[^1].Head);

        result.Intact.ShouldBeTrue();
        result.RowsVerified.ShouldBe(5);
        result.Head.ShouldBe(rows[^1].Head);
    }

    [Fact]
    public void an_empty_trail_verifies_without_an_expected_head()
    {
        var result = AuditVerifier.Verify(Chain, []);

        result.Intact.ShouldBeTrue();
        result.Head.ShouldBeNull();
    }

    [Fact]
    public void an_edited_field_is_named_at_its_row()
    {
        var rows = Rows(5);
        rows[2] = rows[2] with { Draft = rows[2].Draft with { PerformedBy = "someone else" } };

        var problem = AuditVerifier.Verify(Chain, rows).Problem.ShouldNotBeNull();

        problem.Kind.ShouldBe(AuditProblemKind.MacMismatch);
        problem.AuditId.ShouldBe(3);
        problem.Message.ShouldBe("row 3 does not match its MAC: a field was edited, or the row was written without the key");
    }

    [Fact]
    public void a_deleted_middle_row_is_named_as_missing_before_the_row_that_follows()
    {
        var rows = Rows(5);
        rows.RemoveAt(2);

        var result = AuditVerifier.Verify(Chain, rows);

        result.Problem.ShouldBe(new AuditProblem(AuditProblemKind.MissingRows, 4, "row 3 is missing: row 4 follows row 2 (rows were deleted)"));
        result.RowsVerified.ShouldBe(2);
    }

    [Fact]
    public void rows_deleted_from_the_start_are_named()
    {
        var rows = Rows(5).Skip(2);

        var problem = AuditVerifier.Verify(Chain, rows).Problem.ShouldNotBeNull();

        problem.Kind.ShouldBe(AuditProblemKind.MissingRows);
        problem.Message.ShouldContain("rows 1..2 are missing: the trail starts at row 3");
    }

    [Fact]
    public void a_row_inserted_with_a_made_up_mac_is_named()
    {
        var rows = Rows(3);
        rows.Add(rows[^1] with { AuditId = 4, PreviousMac = rows[^1].Mac, Draft = Draft(99) });

        var problem = AuditVerifier.Verify(Chain, rows).Problem.ShouldNotBeNull();

        problem.Kind.ShouldBe(AuditProblemKind.MacMismatch);
        problem.AuditId.ShouldBe(4);
    }

    [Fact]
    public void a_row_renumbered_into_the_past_is_named_out_of_sequence()
    {
        var rows = Rows(3);
        rows.Add(rows[1]);

        AuditVerifier.Verify(Chain, rows).Problem.ShouldBe(
            new AuditProblem(AuditProblemKind.OutOfSequence, 2, "row 2 follows row 3: a row was inserted or renumbered"));
    }

    [Fact]
    public void a_row_replaced_by_one_of_another_chain_breaks_the_link()
    {
        var rows = Rows(4);
        var other = new List<AuditEntry>();
        for (var i = 1; i <= 3; i++)
        {
            other.Add(Chain.Link(other.LastOrDefault(), Draft(i + 50)));
        }

        rows[2] = other[2];

        var problem = AuditVerifier.Verify(Chain, rows).Problem.ShouldNotBeNull();

        problem.Kind.ShouldBe(AuditProblemKind.BrokenLink);
        problem.AuditId.ShouldBe(3);
        problem.Message.ShouldContain("does not link to row 2");
    }

    [Fact]
    public void a_first_row_that_does_not_link_to_zero_is_named()
    {
        var rows = Rows(2);
        rows[0] = rows[0] with { PreviousMac = rows[1].Mac };

        AuditVerifier.Verify(Chain, rows).Problem.ShouldNotBeNull().Message.ShouldContain("row 1 does not start the chain");
    }

    [Fact]
    public void a_chain_rewritten_with_another_key_fails_at_its_first_row()
    {
        var forged = Rows(5, new AuditChain(OtherKey));

        var problem = AuditVerifier.Verify(Chain, forged).Problem.ShouldNotBeNull();

        problem.Kind.ShouldBe(AuditProblemKind.MacMismatch);
        problem.AuditId.ShouldBe(1);
    }

    [Fact]
    public void a_row_of_an_unknown_version_is_named()
    {
        var rows = Rows(2);
        rows[1] = rows[1] with { ChainVersion = 9 };

        AuditVerifier.Verify(Chain, rows).Problem.ShouldBe(new AuditProblem(AuditProblemKind.UnknownVersion, 2,
            "row 2 has chain version 9, which this version of the product does not know"));
    }

    [Fact]
    public void rows_deleted_from_the_end_verify_alone_but_not_against_the_head_kept()
    {
        var rows = Rows(5);
        var kept = rows[^1].Head;
        var truncated = rows.Take(3).ToList();

        AuditVerifier.Verify(Chain, truncated).Intact.ShouldBeTrue();
        var result = AuditVerifier.Verify(Chain, truncated, kept);

        result.Problem.ShouldBe(new AuditProblem(AuditProblemKind.MissingEnd, 4,
            "rows 4..5 are missing from the end: the chain ends at row 3, the head kept elsewhere is row 5"));
        result.RowsVerified.ShouldBe(3);
    }

    [Fact]
    public void a_trail_emptied_entirely_is_caught_by_the_head_kept()
    {
        var kept = Rows(2)[^1].Head;

        AuditVerifier.Verify(Chain, [], kept).Problem.ShouldNotBeNull().Message.ShouldContain("the trail is empty");
    }

    [Fact]
    public void rows_appended_after_the_head_was_kept_are_fine()
    {
        var rows = Rows(6);

        AuditVerifier.Verify(Chain, rows, rows[3].Head).Intact.ShouldBeTrue();
    }

    [Fact]
    public void a_chain_rewritten_with_the_key_from_before_the_kept_head_differs_from_it()
    {
        var rows = Rows(5);
        var kept = rows[^1].Head;
        var rewritten = rows.Take(2).ToList();
        for (var i = 3; i <= 5; i++)
        {
            rewritten.Add(Chain.Link(rewritten[^1], Draft(i + 100)));
        }

        var problem = AuditVerifier.Verify(Chain, rewritten, kept).Problem.ShouldNotBeNull();

        problem.Kind.ShouldBe(AuditProblemKind.HeadDiffers);
        problem.AuditId.ShouldBe(5);
    }

    [Fact]
    public async Task rows_streamed_verify_as_a_list_does()
    {
        var rows = Rows(4);
        rows.RemoveAt(1);

        var result = await AuditVerifier.VerifyAsync(Chain, rows.ToAsyncEnumerable(), null, CancellationToken.None);

        result.ShouldBe(AuditVerifier.Verify(Chain, rows));
    }

    [Fact]
    public async Task a_row_the_store_cannot_read_is_the_problem_named()
    {
        var rows = Rows(3);

        var result = await AuditVerifier.VerifyAsync(Chain, Unreadable(rows, 3), null, CancellationToken.None);

        result.RowsVerified.ShouldBe(2);
        result.Problem.ShouldBe(new AuditProblem(AuditProblemKind.Unreadable, 3,
            "audit row 3 cannot be read: performed_at 'yesterday' is not a UTC time; it was edited in the database"));
    }

    private static async IAsyncEnumerable<AuditEntry> Unreadable(List<AuditEntry> rows, long at)
    {
        foreach (var row in rows)
        {
            await Task.Yield();
            if (row.AuditId == at)
            {
                throw new AuditRowUnreadableException(at, "performed_at 'yesterday' is not a UTC time");
            }

            yield return row;
        }
    }
}
