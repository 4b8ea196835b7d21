using System.Runtime.InteropServices;
using System.Text;

namespace Exchange.Log.Kafka;

/// <summary>
/// The few librdkafka functions the hub calls itself, from the same native library Confluent.Kafka
/// loads: its configuration checks (<see cref="Refusal"/>) and the mock cluster's API, which
/// Confluent.Kafka does not expose.
/// </summary>
internal static partial class Librdkafka
{
    /// <summary>
    /// Why librdkafka refuses <paramref name="value"/> for the client property <paramref name="name"/>
    /// (an unknown property, a value out of range or of the wrong type), in its own words; null when
    /// it takes it. Sets it on a configuration of its own and creates no client.
    /// </summary>
    public static string? Refusal(string name, string value)
    {
        var errors = new byte[512];
        var config = rd_kafka_conf_new();
        try
        {
            return rd_kafka_conf_set(config, name, value, errors, errors.Length) == 0 ? null : Message(errors);
        }
        finally
        {
            rd_kafka_conf_destroy(config);
        }
    }

    /// <summary>The text librdkafka wrote into an error buffer.</summary>
    public static string Message(byte[] errors) => Encoding.UTF8.GetString(errors).TrimEnd('\0');

    private const string Library = "librdkafka";

    static Librdkafka() => NativeLibrary.SetDllImportResolver(typeof(Librdkafka).Assembly, Resolve);

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
