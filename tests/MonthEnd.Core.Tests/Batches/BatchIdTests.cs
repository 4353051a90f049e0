using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;

namespace MonthEnd.Core.Tests.Batches;

public class BatchIdTests
{
    [Fact]
    public void the_default_id_names_the_period()
    {
        BatchId.DefaultFor(new Period(2025, 1)).ShouldBe("2025-01-MONTHEND");
        BatchId.IsWellFormed(BatchId.DefaultFor(new Period(2025, 1))).ShouldBeTrue();
    }

    [Theory]
    [InlineData("2025-01-MONTHEND")]
    [InlineData("A")]
    [InlineData("9")]
    [InlineData("RERUN_2025_01-B")]
    public void well_formed_ids_are_accepted_as_they_are(string id)
    {
        BatchId.IsWellFormed(id).ShouldBeTrue();
        BatchId.Validate(id).ShouldBe(id);
    }

    [Fact]
    public void an_id_of_fifty_characters_is_accepted_and_of_fifty_one_refused()
    {
        var fifty = new string('A', 50);
        BatchId.IsWellFormed(fifty).ShouldBeTrue();
        BatchId.IsWellFormed(fifty + "A").ShouldBeFalse();
    }

    [Theory]
    [InlineData("2025-01-monthend")]
    [InlineData("-2025-01")]
    [InlineData("_2025")]
    [InlineData("2025 01")]
    [InlineData("2025.01")]
    [InlineData("2025-01-MONTHEND;DROP")]
    [InlineData("")]
    [InlineData(null)]
    public void malformed_ids_are_refused(string? id)
    {
        BatchId.IsWellFormed(id).ShouldBeFalse();
        Should.Throw<FormatException>(() => BatchId.Validate(id));
    }

    [Fact]
    public void an_id_with_a_trailing_newline_is_refused()
    {
        BatchId.IsWellFormed("2025-01-MONTHEND\n").ShouldBeFalse();
        Should.Throw<FormatException>(() => BatchId.Validate("2025-01-MONTHEND\n"));
    }
}
