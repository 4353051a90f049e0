using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace MonthEnd.Operations.Tests.Notifications;

/// <summary>
/// An SMTP server on 127.0.0.1 speaking the plain commands a client needs (EHLO, MAIL, RCPT, DATA,
/// QUIT; no TLS, no AUTH). <see cref="Received"/> holds each message's data as it was acknowledged
/// with 250. It can refuse messages (451 after DATA), stop (connections refused) and start again.
/// </summary>
public sealed class SmtpReceiver : LoopbackServer
{
    public bool RefuseMessages { get; set; }

    public ConcurrentQueue<string> Received { get; } = new();

    protected override async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                await writer.WriteLineAsync("220 127.0.0.1 test SMTP");
                while (await reader.ReadLineAsync(Stopping.Token) is { } line)
                {
                    var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                    switch (verb)
                    {
                        case "EHLO":
                            await writer.WriteLineAsync("250 127.0.0.1");
                            break;
                        case "DATA":
                            await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                            var data = await ReadDataAsync(reader);
                            if (RefuseMessages)
                            {
                                await writer.WriteLineAsync("451 try again later");
                            }
                            else
                            {
                                Received.Enqueue(data);
                                await writer.WriteLineAsync("250 queued");
                            }

                            break;
                        case "QUIT":
                            await writer.WriteLineAsync("221 bye");
                            return;
                        default:
                            await writer.WriteLineAsync("250 OK");
                            break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client went away or the receiver is stopping.
            }
        }
    }

    private async Task<string> ReadDataAsync(StreamReader reader)
    {
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(Stopping.Token) is { } line && line != ".")
        {
            data.Append(line.StartsWith("..", StringComparison.Ordinal) ? line[1..] : line).Append('\n');
        }

        return data.ToString();
    }
}
