using System.Net;
using System.Net.Sockets;

namespace MonthEnd.Operations.Tests.Notifications;

/// <summary>
/// A TCP server on 127.0.0.1 that a test can stop (connections are then refused) and start again on
/// the same port; each connection is served by <see cref="ServeAsync"/> on its own task.
/// </summary>
public abstract class LoopbackServer : IAsyncDisposable
{
    private TcpListener? _listener;
    private Task _loop = Task.CompletedTask;

    protected LoopbackServer()
    {
        Port = Listen(0);
    }

    public int Port { get; }

    /// <summary>Cancelled when the server is disposed.</summary>
    protected CancellationTokenSource Stopping { get; } = new();

    public void Stop()
    {
        _listener?.Stop();
        _listener = null;
    }

    public void Start() => Listen(Port);

    public async ValueTask DisposeAsync()
    {
        await Stopping.CancelAsync();
        Stop();
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        Stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    protected abstract Task ServeAsync(TcpClient client);

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
        while (!Stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(Stopping.Token);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException or OperationCanceledException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }
}
