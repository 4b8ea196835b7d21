using System.Globalization;
using Exchange.Index;
using Exchange.Index.FaultHost;
using Exchange.Index.Merging;
using Exchange.Log;
using Exchange.Log.Embedded;
using Exchange.Postgres;
using Microsoft.Extensions.Logging;

// The hub's merger over the embedded log, and nothing else, so that a test can kill it with SIGKILL
// at any point of a merge and start another:
//   dotnet Exchange.Index.FaultHost.dll "<connection string>" [largest batch]
// It gets ready (connects to the database), waits for a line on its standard input, then merges
// until it is killed, or until its standard input closes, when it stops as the hub does.
if (args.Length is < 1 or > 2 || (args.Length == 2 && !int.TryParse(args[1], CultureInfo.InvariantCulture, out _)))
{
    Console.Error.WriteLine("usage: Exchange.Index.FaultHost <connection string of a database with the log and the index migrated> [largest batch]");
    return 2;
}

using var loggers = LoggerFactory.Create(logging => logging
    .AddSimpleConsole(console => console.SingleLine = true)
    .SetMinimumLevel(LogLevel.Warning));
await using var database = ExchangeDatabase.Create(args[0], [EmbeddedEventLog.Part, IndexSchema.Part]);
// A killed process keeps its partitions until its session expires; a short session hands them to
// the next process at once instead of after the default thirty seconds.
var options = new EmbeddedLogOptions { SessionTimeout = TimeSpan.FromMilliseconds(300), HeartbeatInterval = TimeSpan.FromMilliseconds(50) };
await using var embedded = new EmbeddedEventLog(database, options, loggers.CreateLogger<EmbeddedEventLog>());
IEventLog log = args.Length == 2 ? new SmallBatchLog(embedded, int.Parse(args[1], CultureInfo.InvariantCulture)) : embedded;
using var meters = new ProcessMeters();
using var metrics = new MergerMetrics(meters);
using var merger = new MergerHost(
    log, new Merger(database, TimeProvider.System), new MergerLag(log, database), metrics, TimeProvider.System, loggers.CreateLogger<MergerHost>());

// Connecting touches nothing, so a process can be made ready ahead of its turn.
await (await database.OpenConnectionAsync()).DisposeAsync();
if (await Console.In.ReadLineAsync() is null)
    return 0;

await merger.StartAsync(CancellationToken.None);
await Console.In.ReadToEndAsync();
await merger.StopAsync(CancellationToken.None);
return merger.ExecuteTask is { IsFaulted: true } ? 1 : 0;
