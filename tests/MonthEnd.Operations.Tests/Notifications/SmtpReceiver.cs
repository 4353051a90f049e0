using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MonthEnd.Operations.Tests.Notifications;

/// <summary>
/// An SMTP server on 127.0.0.1 speaking the plain commands a client needs (EHLO, MAIL, RCPT, DATA,
/// QUIT; no TLS, no AUTH). <see cref="Received"/> holds each message's data as it was acknowledged
/// with 250. It can refuse messages (451 after DATA), stop (connections refused) and start again.
/// </summary>
public sealed class SmtpReceiver : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;
    private Task _loop = Task.CompletedTask;

    public SmtpReceiver()
    {
        Port = Listen(0);
    }

    public int Port { get; }

    public bool RefuseMessages { get; set; }

    public ConcurrentQueue<string> Received { get; } = new();

    public void Stop()
    {
        _listener?.Stop();
        _listener = null;
    }

    public void Start() => Listen(Port);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Stop();
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private int Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _loop = AcceptAsync(listener);
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException or OperationCanceledException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => ConverseAsync(client));
        }
    }

    private async Task ConverseAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                await writer.WriteLineAsync("220 127.0.0.1 test SMTP");
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
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
        while (await reader.ReadLineAsync(_stop.Token) is { } line && line != ".")
        {
            data.Append(line.StartsWith("..", StringComparison.Ordinal) ? line[1..] : line).Append('\n');
        }

        return data.ToString();
    }
}
