using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Exchange.Hub;
using Exchange.Index.Merging;
using Exchange.Log;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Exchange.Cli.Hub;

/// <summary>
/// <c>exchange status</c>: how far the merged index stands behind the log, per record topic and
/// partition. It only reads; the merger runs in the hub (<c>exchange serve</c>).
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var settings = HubHostBuilder.SettingOption();
        var command = new Command("status", "Show the merger's lag: per record topic and partition, the log's end, what the index has merged, and the difference.")
        {
            format, settings,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var app = await HubHostBuilder.BuildPartsAsync(parse.GetValue(settings) ?? [], async builder =>
            {
                await builder.AddDatabaseAndSecretsAsync(cancellationToken, joinRunningEmbeddedServer: true);
                builder.AddEventLog();
                builder.Services.AddSingleton(sp => new MergerLag(sp.GetRequiredService<IEventLog>(), sp.GetRequiredService<NpgsqlDataSource>()));
            }, cancellationToken);
            var lag = await app.Services.GetRequiredService<MergerLag>().ReadAsync(cancellationToken);
            if (parse.GetValue(format) == "json")
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    merger = new
                    {
                        group = MergerHost.GroupId, totalLag = lag.Sum(l => l.Lag), partitionsAhead = lag.Count(l => l.Ahead),
                        partitions = lag.Select(l => new { l.Topic, l.Partition, l.EndOffset, l.MergedOffset, l.Lag, l.Ahead }),
                    },
                }, JsonSerializerOptions.Web));
            else
                Print(lag);
            // An index past a partition's end merges nothing there: a script watching the status must not read it as caught up.
            return lag.Any(l => l.Ahead) ? 1 : 0;
        });
        return command;
    }

    private static void Print(IReadOnlyList<PartitionLag> lag)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"merger ({MergerHost.GroupId}): {lag.Sum(l => l.Lag)} message(s) behind the log"));
        if (lag.Count(l => l.Ahead) is > 0 and var ahead)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"the index stands past the end of {ahead} partition(s) (marked ahead): the topic was made again or truncated under it, and nothing is merged there; see docs/operations.md, \"The merged index stands past the end of a topic\""));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"topic",-32} {"partition",9} {"end",10} {"merged",10} {"lag",10}"));
        foreach (var row in lag)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{row.Topic,-32} {row.Partition,9} {row.EndOffset,10} {row.MergedOffset,10} {row.Lag,10}{(row.Ahead ? "  ahead" : "")}"));
    }
}
