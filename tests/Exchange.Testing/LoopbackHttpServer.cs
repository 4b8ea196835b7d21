using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Exchange.Testing;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 that answers any request with a settable body and counts
/// connections and requests per path: enough to serve a JWKS, and to prove that an address (an
/// attacker's <c>jku</c>) was never even connected to.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly Lock _sync = new();
    private int _connections;
    private readonly Task _loop;
    private volatile string _body = "";
    private volatile int _status = 200;

    public LoopbackHttpServer()
    {
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    public Uri Url(string path) => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}");

    public void Serve(string body, int status = 200)
    {
        _body = body;
        _status = status;
    }

    public int Requests(string path)
    {
        lock (_sync)
            return _requests.GetValueOrDefault(path);
    }

    /// <summary>Connections accepted so far; one that never sent a request still counts.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public int TotalRequests()
    {
        lock (_sync)
            return _requests.Values.Sum();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            Interlocked.Increment(ref _connections);
            _ = HandleAsync(client);
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = new StringBuilder();
                var buffer = new byte[4096];
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                        return;
                    request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }
                var path = request.ToString().Split(' ')[1];
                lock (_sync)
                    _requests[path] = _requests.GetValueOrDefault(path) + 1;
                var body = Encoding.UTF8.GetBytes(_body);
                var head = $"HTTP/1.1 {_status} X\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                await stream.WriteAsync(body, _stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // The client went away; nothing to answer.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
