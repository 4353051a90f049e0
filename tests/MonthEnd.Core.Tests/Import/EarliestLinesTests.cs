using MonthEnd.Core.Import;

namespace MonthEnd.Core.Tests.Import;

public sealed class EarliestLinesTests
{
    [Fact]
    public void keeps_the_items_of_the_earliest_lines_in_line_order_however_they_arrive_and_counts_all()
    {
        var random = new Random(7);
        var arrivals = Enumerable.Range(0, 500).Select(i => (Line: (long)random.Next(1, 200), Tag: i)).ToList();
        var kept = new EarliestLines<(long Line, int Tag)>(50, a => a.Line);

        arrivals.ForEach(kept.Add);

        // The oracle: a stable sort of everything, cut at the limit.
        kept.InLineOrder().ShouldBe(arrivals.OrderBy(a => a.Line).Take(50).ToList());
        kept.Count.ShouldBe(500);
    }

    [Fact]
    public void with_a_limit_of_zero_nothing_is_kept_and_everything_is_counted()
    {
        var kept = new EarliestLines<long>(0, l => l);

        kept.Add(3);
        kept.Add(1);

        kept.InLineOrder().ShouldBeEmpty();
        kept.Count.ShouldBe(2);
    }
}
