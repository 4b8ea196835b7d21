using Confluent.Kafka;

namespace Exchange.Log.Kafka;

/// <summary>
/// The delivery reports of one appended batch, gathered into one task: the position of each
/// message, or the first error a broker answered. One of these per batch, with one small handler
/// per message, rather than a task, a completion source and a cancellation registration per message.
/// </summary>
internal sealed class DeliveryBatch(string topic, int count)
{
    private readonly LogPosition[] _positions = new LogPosition[count];
    private readonly int _count = count;
    private readonly TaskCompletionSource<IReadOnlyList<LogPosition>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _outstanding = count;
    private Error? _firstError;

    /// <summary>Completes with every message's position once all are reported, or faults with the first error.</summary>
    public Task<IReadOnlyList<LogPosition>> Delivered => _completion.Task;

    /// <summary>The handler for the message at <paramref name="index"/>; librdkafka calls it on its delivery thread.</summary>
    public Action<DeliveryReport<byte[]?, byte[]>> HandlerFor(int index) => report =>
    {
        if (report.Error.IsError)
            Interlocked.CompareExchange(ref _firstError, report.Error, null);
        else
            _positions[index] = new LogPosition(topic, report.Partition.Value, report.Offset.Value);
        if (Interlocked.Decrement(ref _outstanding) == 0)
            Complete();
    };

    /// <summary>
    /// Gives up on the reports of the messages from <paramref name="index"/> on, which were never
    /// handed to the producer: the batch fails with <paramref name="error"/> once the ones before
    /// have been reported.
    /// </summary>
    public void NotProduced(int index, Error error)
    {
        Interlocked.CompareExchange(ref _firstError, error, null);
        if (Interlocked.Add(ref _outstanding, -(_count - index)) == 0)
            Complete();
    }

    private void Complete()
    {
        if (Volatile.Read(ref _firstError) is { } error)
            _completion.TrySetException(new EventLogException($"Kafka did not store the batch: {error.Code}: {error.Reason}", new KafkaException(error)));
        else
            _completion.TrySetResult(_positions);
    }
}
