using System.Diagnostics;
using System.Security.Cryptography;
using Confluent.Kafka;

namespace Exchange.Benchmarks.Ingest;

/// <summary>
/// The Kafka path's ceiling: a bare Confluent.Kafka producer with the hub's settings (idempotent,
/// acks=all, lz4, linger 5 ms, murmur2 partitioner) sending the same record bytes, keyed by a
/// 43-character key like a linkage key, without headers, timed until the flush returns.
/// </summary>
internal static class ProducerCeiling
{
    public static TimeSpan Run(string bootstrapServers, string topic, byte[][] records)
    {
        var keys = records.Select(r => System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(SHA256.HashData(r)).TrimEnd('=')[..43])).ToArray();
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            CompressionType = CompressionType.Lz4,
            LingerMs = 5,
            Partitioner = Partitioner.Murmur2Random,
        };
        config.Set("allow.auto.create.topics", "false");

        var delivered = 0L;
        Error? failure = null;
        using var producer = new ProducerBuilder<byte[], byte[]>(config).Build();
        void OnDelivery(DeliveryReport<byte[], byte[]> report)
        {
            if (report.Error.IsError)
                failure ??= report.Error;
            else
                Interlocked.Increment(ref delivered);
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < records.Length; i++)
        {
            var message = new Message<byte[], byte[]> { Key = keys[i], Value = records[i] };
            while (true)
            {
                try
                {
                    producer.Produce(topic, message, OnDelivery);
                    break;
                }
                catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(50));
                }
            }
        }
        if (producer.Flush(TimeSpan.FromMinutes(10)) != 0)
            throw new TimeoutException("The bare producer did not flush within 10 minutes.");
        var elapsed = clock.Elapsed;

        if (failure is not null || delivered != records.Length)
            throw new InvalidOperationException($"The bare producer delivered {delivered} of {records.Length}: {failure?.Code} {failure?.Reason}");
        return elapsed;
    }
}
