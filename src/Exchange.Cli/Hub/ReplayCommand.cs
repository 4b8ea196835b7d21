using System.CommandLine;
using System.Text;
using Exchange.Hub;
using Exchange.Log;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Cli.Hub;

/// <summary><c>exchange replay TOPIC --from OFFSET</c>: print a topic's messages, with their CloudEvents headers, from an offset.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var topic = new Argument<string>("topic") { Description = "e.g. exchange.graduate.v1 or exchange.deadletter.v1" };
        var from = new Option<long>("--from") { Description = "First offset to print, in every partition", DefaultValueFactory = _ => 0 };
        var partition = new Option<int?>("--partition") { Description = "Only this partition" };
        var max = new Option<int>("--max") { Description = "Stop after this many messages", DefaultValueFactory = _ => 1000 };
        var settings = HubHostBuilder.SettingOption();
        var command = new Command("replay", "Print a topic's messages from an offset, one per line: position, key, headers, value.")
        {
            topic, from, partition, max, settings,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var app = await HubHostBuilder.BuildPartsAsync(parse.GetValue(settings) ?? [], async builder =>
            {
                await builder.AddDatabaseAndSecretsAsync(cancellationToken, joinRunningEmbeddedServer: true);
                builder.AddEventLog();
            }, cancellationToken);
            var log = app.Services.GetRequiredService<IEventLog>();
            var name = parse.GetValue(topic)!;
            if (await log.GetPartitionCountAsync(name, cancellationToken) is not { } partitions)
            {
                Console.Error.WriteLine($"error log.unknown-topic: there is no topic '{name}'.");
                return 2;
            }

            var printed = 0;
            var limit = parse.GetValue(max);
            var only = parse.GetValue(partition);
            for (var p = 0; p < partitions && printed < limit; p++)
            {
                if (only is { } single && single != p)
                    continue;
                await foreach (var message in log.ReplayAsync(name, p, parse.GetValue(from), cancellationToken))
                {
                    var headers = string.Join(",", message.Headers.Select(h => $"{h.Key}={h.Value}"));
                    Console.WriteLine($"{message.Topic}/{message.Partition}@{message.Offset} {message.Key} {headers} {Encoding.UTF8.GetString(message.Value.Span)}");
                    if (++printed >= limit)
                        break;
                }
            }
            return 0;
        });
        return command;
    }
}
