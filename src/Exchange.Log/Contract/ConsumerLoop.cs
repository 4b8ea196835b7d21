namespace Exchange.Log;

/// <summary>Runs a consumer's consume → process → commit loop on its own thread, off the thread pool.</summary>
public static class ConsumerLoop
{
    /// <summary>
    /// Starts a dedicated thread that repeatedly consumes a batch, awaits <paramref name="process"/>
    /// and then commits the batch, until <paramref name="cancellationToken"/> is cancelled. The
    /// returned task completes when the loop ends; it faults when processing or the log throws
    /// (the batch in hand is then not committed and will be redelivered). The caller still owns
    /// and disposes the consumer, after the task has completed.
    /// </summary>
    public static Task RunOnDedicatedThread(
        this IEventLogConsumer consumer,
        Func<IReadOnlyList<ConsumedMessage>, CancellationToken, Task> process,
        int maxBatch,
        TimeSpan maxWait,
        CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var batch = consumer.Consume(maxBatch, maxWait, cancellationToken);
                    if (batch.Count == 0)
                    {
                        continue;
                    }

                    // Blocking here is the point: this thread belongs to the loop alone.
                    process(batch, cancellationToken).GetAwaiter().GetResult();
                    consumer.Commit(batch);
                }

                completion.SetResult();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                completion.SetResult();
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = $"event-log {consumer.GroupId}",
        };
        thread.Start();
        return completion.Task;
    }
}
