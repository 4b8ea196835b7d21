using System.Text;

namespace Exchange.Log;

/// <summary>
/// Chooses a key's partition exactly as Kafka's default (Java) partitioner and librdkafka's
/// <c>murmur2_random</c> do: <c>(murmur2(utf8(key)) &amp; 0x7fffffff) % partitions</c>. Both
/// implementations use it, so a key lands in the same partition on Kafka and in the embedded log,
/// and a Java client writing to the same topics agrees with the hub.
/// </summary>
public static class KeyPartitioner
{
    /// <summary>The partition of a key among <paramref name="partitions"/>.</summary>
    public static int PartitionFor(string key, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitions);
        return (Murmur2(Encoding.UTF8.GetBytes(key)) & 0x7fffffff) % partitions;
    }

    /// <summary>Kafka's murmur2 (seed 0x9747b28c), as <c>org.apache.kafka.common.utils.Utils.murmur2</c>.</summary>
    public static int Murmur2(ReadOnlySpan<byte> data)
    {
        const uint m = 0x5bd1e995;
        const int r = 24;
        var length = data.Length;
        var h = 0x9747b28c ^ (uint)length;

        var blocks = length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k = (uint)(data[4 * i] | data[(4 * i) + 1] << 8 | data[(4 * i) + 2] << 16 | data[(4 * i) + 3] << 24);
            k *= m;
            k ^= k >> r;
            k *= m;
            h *= m;
            h ^= k;
        }

        var tail = length & ~3;
        switch (length % 4)
        {
            case 3:
                h ^= (uint)data[tail + 2] << 16;
                goto case 2;
            case 2:
                h ^= (uint)data[tail + 1] << 8;
                goto case 1;
            case 1:
                h ^= data[tail];
                h *= m;
                break;
        }

        h ^= h >> 13;
        h *= m;
        h ^= h >> 15;
        return unchecked((int)h);
    }
}
