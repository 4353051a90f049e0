using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MonthEnd.Operations.Tests.Notifications;

/// <summary>
/// An HTTP receiver on 127.0.0.1 speaking just enough HTTP/1.1 for one POST per connection. It
/// answers <see cref="Status"/>, or never answers when <see cref="Hang"/>; it can stop (connections
/// refused) and start again on the same port. <see cref="Accepted"/> holds the bodies it answered 2xx.
/// </summary>
public sealed class WebhookReceiver : LoopbackServer
{
    private int _requests;

    public string Url(string path = "/hooks/notify") => $"http://127.0.0.1:{Port}{path}";

    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    public bool Hang { get; set; }

    public ConcurrentQueue<string> Accepted { get; } = new();

    public int Requests => _requests;

    protected override async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var body = await ReadRequestAsync(stream);
                Interlocked.Increment(ref _requests);
                if (Hang)
                {
                    await Task.Delay(Timeout.Infinite, Stopping.Token);
                }

                var status = Status;
                if ((int)status is >= 200 and < 300)
                {
                    Accepted.Enqueue(body);
                }

                var answer = Encoding.ASCII.GetBytes($"HTTP/1.1 {(int)status} {status}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
                await stream.WriteAsync(answer);
                await stream.FlushAsync();
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // The client gave up (a timeout) or the receiver is stopping.
            }
        }
    }

    private static async Task<string> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(buffer))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                throw new IOException("closed before the headers ended");
            }

            buffer.Add(one[0]);
        }

        var headers = Encoding.ASCII.GetString([.. buffer]);
        var length = headers.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => int.Parse(p[1].Trim(), CultureInfo.InvariantCulture)).SingleOrDefault();
        var body = new byte[length];
        await stream.ReadExactlyAsync(body);
        return Encoding.UTF8.GetString(body);
    }

    private static bool EndsWithBlankLine(List<byte> b) =>
        b.Count >= 4 && b[^4] == '\r' && b[^3] == '\n' && b[^2] == '\r' && b[^1] == '\n';
}
