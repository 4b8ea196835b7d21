using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Exchange.Postgres.Embedded;

/// <summary>
/// Keeps the embedded server the hub started running: it looks at the server's pid file every
/// <see cref="CheckInterval"/> and starts the server again when it has gone (killed, crashed, stopped
/// by hand), on the same folder and port, so that the hub's pools reconnect and nothing waits for
/// an operator. After <see cref="MostFailures"/> failed starts in a row the watch fails, which stops
/// the hub: a hub that cannot have its database is better stopped, and said so, than answering 503 for ever.
/// </summary>
public sealed class EmbeddedServerWatch(EmbeddedPostgres server, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>How often the pid file is read: a read of one small file and a signal 0.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    /// <summary>Failed starts in a row after which the hub stops.</summary>
    public const int MostFailures = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(CheckInterval, clock, stoppingToken);
            try
            {
                await server.RestartIfGoneAsync(stoppingToken);
                failures = 0;
            }
            catch (EmbeddedPostgresException e) when (++failures < MostFailures)
            {
                logger.EmbeddedServerRestartFailed(failures, MostFailures, e);
            }
        }
    }
}
