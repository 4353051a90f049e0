using MonthEnd.Core.Planning;

namespace MonthEnd.Core.Tests.Posting;

public class SequenceRangeTests
{
    [Fact]
    public void of_count_spans_exactly_that_many_numbers()
    {
        var range = SequenceRange.OfCount(1_001, 10);

        range.First.ShouldBe(1_001);
        range.Last.ShouldBe(1_010);
        range.Count.ShouldBe(10);
        range.ToString().ShouldBe("1001..1010");
    }

    [Fact]
    public void at_gives_the_number_at_each_offset()
    {
        var range = SequenceRange.OfCount(1_001, 10);

        range.At(0).ShouldBe(1_001);
        range.At(9).ShouldBe(1_010);
    }

    [Fact]
    public void using_every_number_then_asking_for_one_more_throws_sequence_exhausted()
    {
        // As test_sequence_exhaustion in the original design: the range is used up, the next number is refused.
        var range = new SequenceRange(1_000, 1_999);
        for (long offset = 0; offset < range.Count; offset++)
        {
            range.At(offset).ShouldBe(1_000 + offset);
        }

        var error = Should.Throw<SequenceExhaustedException>(() => range.At(1_000));
        error.Range.ShouldBe(range);
        error.Offset.ShouldBe(1_000);
    }

    [Fact]
    public void a_negative_offset_throws_sequence_exhausted()
    {
        Should.Throw<SequenceExhaustedException>(() => SequenceRange.OfCount(1, 5).At(-1));
    }

    [Fact]
    public void an_empty_range_has_no_numbers()
    {
        var empty = SequenceRange.OfCount(50, 0);

        empty.Count.ShouldBe(0);
        empty.Contains(50).ShouldBeFalse();
        Should.Throw<SequenceExhaustedException>(() => empty.At(0));
    }

    [Theory]
    [InlineData(1_000, false)]
    [InlineData(1_001, true)]
    [InlineData(1_005, true)]
    [InlineData(1_010, true)]
    [InlineData(1_011, false)]
    public void contains_exactly_its_inclusive_bounds(long number, bool expected)
    {
        SequenceRange.OfCount(1_001, 10).Contains(number).ShouldBe(expected);
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(-3, 5)]
    [InlineData(10, 8)]
    public void ranges_that_are_not_je_numbers_are_refused(long first, long last)
    {
        Should.Throw<ArgumentException>(() => new SequenceRange(first, last));
    }
}
