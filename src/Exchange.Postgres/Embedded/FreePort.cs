using System.Net;
using System.Net.Sockets;

namespace Exchange.Postgres.Embedded;

internal static class FreePort
{
    // The port is free now but not reserved; the launcher retries if the server loses the race for it.
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
