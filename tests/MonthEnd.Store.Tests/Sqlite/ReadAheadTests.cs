using MonthEnd.Sqlite.SourceRows;

namespace MonthEnd.Store.Tests.Sqlite;

/// <summary>Source rows read ahead on a thread of their own: in order, errors passed on, and no reader left on the connection.</summary>
public sealed class ReadAheadTests
{
    [Fact]
    public void rows_come_in_their_order_across_many_blocks()
    {
        var rows = Enumerable.Range(0, 30_001).ToList();

        ReadAhead.Of(rows).ToList().ShouldBe(rows);
    }

    [Fact]
    public void an_error_while_reading_reaches_the_caller()
    {
        var received = new List<int>();

        var error = Should.Throw<InvalidOperationException>(() =>
        {
            foreach (var row in ReadAhead.Of(Failing(after: 10_000)))
            {
                received.Add(row);
            }
        });

        error.Message.ShouldBe("row 10000 unreadable");
        received.ShouldBe(Enumerable.Range(0, received.Count));
        received.Count.ShouldBeLessThanOrEqualTo(10_000);
    }

    [Fact]
    public void a_caller_that_stops_early_returns_only_once_the_reader_has_let_go_of_its_rows()
    {
        var source = new Tracked();

        ReadAhead.Of(source.Rows()).Take(10).ToList().ShouldBe(Enumerable.Range(0, 10));

        source.Disposed.ShouldBeTrue("the reader must have closed its rows (the connection's statement) before the caller goes on");
    }

    private static IEnumerable<int> Failing(int after)
    {
        for (var i = 0; ; i++)
        {
            if (i == after)
            {
                throw new InvalidOperationException($"row {i} unreadable");
            }

            yield return i;
        }
    }

    private sealed class Tracked
    {
        public bool Disposed { get; private set; }

        public IEnumerable<int> Rows()
        {
            try
            {
                for (var i = 0; ; i++)
                {
                    yield return i;
                }
            }
            finally
            {
                Disposed = true;
            }
        }
    }
}
