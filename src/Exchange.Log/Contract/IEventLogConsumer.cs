namespace Exchange.Log;

/// <summary>
/// One member of a consumer group. The group's members share the partitions of the topics they
/// subscribe to; each partition is read by one member at a time. Delivery is at-least-once:
/// offsets are committed only for messages passed to <see cref="Commit"/>, so a member that
/// stops before committing has its messages redelivered to whichever member takes the partition
/// next, and a member that restarts in the same group resumes after its last commit.
/// </summary>
/// <remarks>
/// <para><see cref="Consume"/> blocks the calling thread (librdkafka's consume is synchronous),
/// so run each consumer loop on its own thread, not on the thread pool. In the hub, a
/// <c>BackgroundService</c> does that with <see cref="ConsumerLoop.RunOnDedicatedThread"/>, or
/// by hand:</para>
/// <code>
/// protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
///     Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken,
///         TaskCreationOptions.LongRunning, TaskScheduler.Default);
///
/// void Run(CancellationToken stoppingToken)
/// {
///     using var consumer = log.CreateConsumer("merger");
///     consumer.Subscribe([Topics.For(RecordKind.Graduate)]);
///     while (!stoppingToken.IsCancellationRequested)
///     {
///         var batch = consumer.Consume(500, TimeSpan.FromSeconds(1), stoppingToken);
///         if (batch.Count == 0) continue;
///         merger.MergeAsync(batch, stoppingToken).GetAwaiter().GetResult(); // index transaction commits
///         consumer.Commit(batch);                                            // only then the offsets
///     }
/// }
/// </code>
/// <para>Not thread-safe: one thread uses a consumer. <see cref="IDisposable.Dispose"/> leaves the
/// group cleanly (Kafka's <c>Close()</c>), handing its partitions to the remaining members.</para>
/// </remarks>
public interface IEventLogConsumer : IDisposable
{
    /// <summary>The consumer group this member belongs to.</summary>
    string GroupId { get; }

    /// <summary>Joins the group for these topics, replacing any earlier subscription.</summary>
    void Subscribe(IEnumerable<string> topics);

    /// <summary>
    /// Returns up to <paramref name="maxMessages"/> messages from the partitions this member holds,
    /// waiting up to <paramref name="maxWait"/> for the first one; empty when none arrived in time.
    /// Within a partition messages come in offset order. Also keeps this member's place in the
    /// group alive, so call it regularly.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="EventLogException">A fatal log error: stop this consumer and create a new one.</exception>
    IReadOnlyList<ConsumedMessage> Consume(int maxMessages, TimeSpan maxWait, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks these messages (and everything before them in their partitions) as processed, so the
    /// group will not deliver them again. Call only after the processing committed. Offsets of
    /// partitions this member no longer holds are ignored: the new holder redelivers them.
    /// </summary>
    void Commit(IEnumerable<ConsumedMessage> processed);

    /// <summary>The partitions this member currently holds.</summary>
    IReadOnlyCollection<LogPartition> Assignment { get; }
}
