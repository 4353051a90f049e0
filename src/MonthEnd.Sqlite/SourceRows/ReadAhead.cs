using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace MonthEnd.Sqlite.SourceRows;

/// <summary>
/// Rows read on a thread of their own, a block at a time, while the caller works on the blocks read
/// before: a scan that checks, hashes and posts every record (pre-flight's content digests, the
/// commit's checksum) then takes about the longer of reading and working, not their sum, on two
/// cores. Order is kept. The reader gets a thread of its own rather than the pool's, whose few
/// threads the caller's strands already hold while they wait.
/// </summary>
internal static class ReadAhead
{
    private const int BlockSize = 4096;
    private const int BlocksAhead = 4;

    public static IEnumerable<T> Of<T>(IEnumerable<T> rows, CancellationToken ct = default)
    {
        using var blocks = new BlockingCollection<List<T>>(BlocksAhead);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        ExceptionDispatchInfo? failed = null;
        var reading = Task.Factory.StartNew(() =>
        {
            try
            {
                var block = new List<T>(BlockSize);
                foreach (var row in rows)
                {
                    block.Add(row);
                    if (block.Count == BlockSize)
                    {
                        blocks.Add(block, stop.Token);
                        block = new List<T>(BlockSize);
                    }
                }

                blocks.Add(block, stop.Token);
            }
            catch (Exception e)
            {
                failed = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                blocks.CompleteAdding();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        try
        {
            foreach (var block in blocks.GetConsumingEnumerable(ct))
            {
                foreach (var row in block)
                {
                    yield return row;
                }
            }

            reading.Wait(CancellationToken.None);
            failed?.Throw();
        }
        finally
        {
            // The rows come from a connection the caller goes on using: the reader is stopped and
            // waited for before anything else may touch it.
            stop.Cancel();
            reading.Wait(CancellationToken.None);
        }
    }
}
