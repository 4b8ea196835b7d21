using System.Runtime.InteropServices;
using System.Text;

namespace Exchange.Log.Kafka;

/// <summary>
/// librdkafka's in-process mock Kafka cluster: brokers speaking the Kafka protocol on 127.0.0.1,
/// kept in memory by a dedicated client handle and gone when it is disposed. For demos
/// (<c>Exchange:Kafka:Mock=3</c>) and tests; it keeps nothing on disk.
/// </summary>
/// <remarks>
/// The mock brokers do not implement the CreateTopics admin request, and Confluent.Kafka does not
/// expose librdkafka's mock API, so this class calls the few librdkafka functions it needs
/// directly (the same native library Confluent.Kafka loads). The faults a test can inject — a
/// broker down, errors answered to requests, a leader moved — are in <c>MockClusterFaults.cs</c>.
/// </remarks>
public sealed partial class MockCluster : IDisposable
{
    private readonly IntPtr _client;
    private readonly IntPtr _cluster;
    private int _disposed;

    private MockCluster(IntPtr client, IntPtr cluster, int brokers)
    {
        _client = client;
        _cluster = cluster;
        Brokers = brokers;
        BootstrapServers = Marshal.PtrToStringUTF8(Librdkafka.rd_kafka_mock_cluster_bootstraps(cluster))
            ?? throw new EventLogException("The mock cluster reported no brokers.");
    }

    /// <summary>The brokers' addresses, for any Kafka client (including <c>kcat -b</c>).</summary>
    public string BootstrapServers { get; }

    /// <summary>How many brokers the cluster runs.</summary>
    public int Brokers { get; }

    /// <summary>Starts a cluster with <paramref name="brokers"/> brokers.</summary>
    public static MockCluster Start(int brokers)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(brokers);
        var errors = new byte[512];
        var config = Librdkafka.rd_kafka_conf_new();
        if (Librdkafka.rd_kafka_conf_set(config, "test.mock.num.brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture), errors, errors.Length) != 0
            || Librdkafka.rd_kafka_conf_set(config, "log_level", "3", errors, errors.Length) != 0)
        {
            Librdkafka.rd_kafka_conf_destroy(config);
            throw new EventLogException($"Could not configure the mock cluster: {Librdkafka.Message(errors)}");
        }

        // On success the client owns the configuration.
        var client = Librdkafka.rd_kafka_new(0 /* producer: the lightest client */, config, errors, errors.Length);
        if (client == IntPtr.Zero)
        {
            Librdkafka.rd_kafka_conf_destroy(config);
            throw new EventLogException($"Could not start the mock cluster: {Librdkafka.Message(errors)}");
        }

        var cluster = Librdkafka.rd_kafka_handle_mock_cluster(client);
        if (cluster == IntPtr.Zero)
        {
            Librdkafka.rd_kafka_destroy(client);
            throw new EventLogException("librdkafka started no mock cluster.");
        }

        return new MockCluster(client, cluster, brokers);
    }

    /// <summary>Creates a topic; false when it already exists (its partition count is left as it is).</summary>
    public bool CreateTopic(string name, int partitions, int replicationFactor)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var error = Librdkafka.rd_kafka_mock_topic_create(_cluster, name, partitions, Math.Min(replicationFactor, Brokers));
        return error switch
        {
            0 => true,
            (int)Confluent.Kafka.ErrorCode.TopicAlreadyExists => false,
            _ => throw new EventLogException($"The mock cluster could not create topic '{name}' (error {error})."),
        };
    }

    /// <summary>Stops the brokers; everything they held is lost.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Librdkafka.rd_kafka_destroy(_client);
        }
    }
}
