using System.Globalization;
using Exchange.Log;
using Exchange.Log.Kafka;

namespace Exchange.Benchmarks.Ingest;

/// <summary>
/// <c>brokers --count N --partitions P</c>: librdkafka's mock cluster in a process of its own, with
/// the hub's standard topics made, so that the Kafka path's hub is measured without the brokers'
/// memory and CPU. Prints <c>bootstrap=HOST:PORT,…</c> once the topics exist, then serves until its
/// standard input closes. Started by <see cref="BrokerProcess"/>, not by hand.
/// </summary>
internal static class MockBrokersCommand
{
    public const string Verb = "brokers";

    public const string BootstrapPrefix = "bootstrap=";

    public static async Task<int> RunAsync(string[] args)
    {
        var count = 3;
        var partitions = 6;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--count": count = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture); break;
                case "--partitions": partitions = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option {args[i]}; use --count, --partitions.");
            }
        }

        using var cluster = MockCluster.Start(count);
        // The mock brokers do not answer CreateTopics; a hub pointed at them finds its topics made.
        foreach (var topic in Topics.All)
            cluster.CreateTopic(topic, partitions, replicationFactor: 3);
        Console.WriteLine(BootstrapPrefix + cluster.BootstrapServers);
        await Console.In.ReadToEndAsync();
        return 0;
    }
}
