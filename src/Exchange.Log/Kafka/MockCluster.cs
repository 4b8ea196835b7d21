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
        BootstrapServers = Marshal.PtrToStringUTF8(Native.rd_kafka_mock_cluster_bootstraps(cluster))
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
        var config = Native.rd_kafka_conf_new();
        if (Native.rd_kafka_conf_set(config, "test.mock.num.brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture), errors, errors.Length) != 0
            || Native.rd_kafka_conf_set(config, "log_level", "3", errors, errors.Length) != 0)
        {
            Native.rd_kafka_conf_destroy(config);
            throw new EventLogException($"Could not configure the mock cluster: {Message(errors)}");
        }

        // On success the client owns the configuration.
        var client = Native.rd_kafka_new(0 /* producer: the lightest client */, config, errors, errors.Length);
        if (client == IntPtr.Zero)
        {
            Native.rd_kafka_conf_destroy(config);
            throw new EventLogException($"Could not start the mock cluster: {Message(errors)}");
        }

        var cluster = Native.rd_kafka_handle_mock_cluster(client);
        if (cluster == IntPtr.Zero)
        {
            Native.rd_kafka_destroy(client);
            throw new EventLogException("librdkafka started no mock cluster.");
        }

        return new MockCluster(client, cluster, brokers);
    }

    /// <summary>Creates a topic; false when it already exists (its partition count is left as it is).</summary>
    public bool CreateTopic(string name, int partitions, int replicationFactor)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var error = Native.rd_kafka_mock_topic_create(_cluster, name, partitions, Math.Min(replicationFactor, Brokers));
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
            Native.rd_kafka_destroy(_client);
        }
    }

    private static string Message(byte[] errors) => Encoding.UTF8.GetString(errors).TrimEnd('\0');

    private static partial class Native
    {
        private const string Library = "librdkafka";

        static Native() => NativeLibrary.SetDllImportResolver(typeof(Native).Assembly, Resolve);

        // librdkafka.redist ships builds for several Linux families (the default one needs
        // libsasl2.so.3); try them in the order Confluent.Kafka does, so the same one is used.
        private static IntPtr Resolve(string name, System.Reflection.Assembly assembly, DllImportSearchPath? searchPath)
        {
            if (name != Library)
            {
                return IntPtr.Zero;
            }

            var folders = new[]
            {
                Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native"),
                Path.Combine(AppContext.BaseDirectory, "runtimes", $"{(OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux")}-{RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}", "native"),
                AppContext.BaseDirectory,
            };
            var files = OperatingSystem.IsWindows() ? new[] { "librdkafka.dll" }
                : OperatingSystem.IsMacOS() ? ["librdkafka.dylib"]
                : ["librdkafka.so", "centos8-librdkafka.so", "alpine-librdkafka.so"];
            foreach (var file in files)
            {
                foreach (var folder in folders)
                {
                    if (NativeLibrary.TryLoad(Path.Combine(folder, file), out var handle))
                    {
                        return handle;
                    }
                }
            }

            return NativeLibrary.TryLoad(name, assembly, searchPath, out var fallback) ? fallback : IntPtr.Zero;
        }

        [DllImport(Library)]
        public static extern IntPtr rd_kafka_conf_new();

        [DllImport(Library)]
        public static extern void rd_kafka_conf_destroy(IntPtr conf);

        [DllImport(Library, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int rd_kafka_conf_set(
            IntPtr conf, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value,
            byte[] errstr, nint errstrSize);

        [DllImport(Library)]
        public static extern IntPtr rd_kafka_new(int type, IntPtr conf, byte[] errstr, nint errstrSize);

        [DllImport(Library)]
        public static extern void rd_kafka_destroy(IntPtr rk);

        [DllImport(Library)]
        public static extern IntPtr rd_kafka_handle_mock_cluster(IntPtr rk);

        [DllImport(Library)]
        public static extern IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr mcluster);

        [DllImport(Library, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int rd_kafka_mock_topic_create(
            IntPtr mcluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitionCount, int replicationFactor);
    }
}
