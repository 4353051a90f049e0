using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace MonthEnd.Sqlite.SourceRows;

/// <summary>
/// Rows read on a thread of their own, a block at a time, while the caller works on the blocks read
/// before: a scan that posts and hashes every record (pre-flight's content digests) then takes about
/// the longer of reading and working, not their sum, on two cores. Order is kept.
/// </summary>
internal static class ReadAhead
{
    private const int BlockSize = 4096;
    private const int BlocksAhead = 4;

    public static async IAsyncEnumerable<T> Of<T>(IEnumerable<T> rows, [EnumeratorCancellation] CancellationToken ct)
    {
        var blocks = Channel.CreateBounded<List<T>>(new BoundedChannelOptions(BlocksAhead) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(() => ReadAsync(rows, blocks.Writer, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var block in blocks.Reader.ReadAllAsync(ct))
            {
                foreach (var row in block)
                {
                    yield return row;
                }
            }
        }
        finally
        {
            // The rows come from a connection the caller goes on using: the reader is stopped and
            // waited for before anything else may touch it.
            await stop.CancelAsync();
            await reading;
        }
    }

    /// <summary>Never throws: an error (or the stop) ends the channel and reaches the caller through it.</summary>
    private static async Task ReadAsync<T>(IEnumerable<T> rows, ChannelWriter<List<T>> writer, CancellationToken ct)
    {
        try
        {
            var block = new List<T>(BlockSize);
            foreach (var row in rows)
            {
                block.Add(row);
                if (block.Count == BlockSize)
                {
                    await writer.WriteAsync(block, ct);
                    block = new List<T>(BlockSize);
                }
            }

            if (block.Count > 0)
            {
                await writer.WriteAsync(block, ct);
            }

            writer.Complete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
    }
}
