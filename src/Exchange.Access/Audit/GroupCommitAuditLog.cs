using System.Threading.Channels;

namespace Exchange.Access.Audit;

/// <summary>
/// Appends the records of concurrent callers together: one writer takes everything queued while
/// the previous transaction ran and appends it as one transaction (one head lock, one COPY, one
/// commit). Without it every audited read queues on the chain head's row lock for a commit of its
/// own, and reads are limited to one WAL flush each, one at a time.
/// </summary>
/// <remarks>
/// A caller's task completes only after its records are committed, so an answer is still never
/// given before its audit entry exists; a failed transaction fails every caller in it and appends
/// none of their records. A record the guard refuses throws to its own caller before it is queued,
/// so it never fails the others. Entries keep the order they were queued in, and a caller's records
/// stay consecutive. Across processes the head's row lock still makes one chain.
/// </remarks>
public sealed class GroupCommitAuditLog : IAuditLog, IAsyncDisposable, IDisposable
{
    /// <summary>Most records in one transaction: a bound on its size when many callers queue at once.</summary>
    public const int MaxRecordsPerCommit = 1_000;

    private readonly Func<IReadOnlyList<AuditRecord>, CancellationToken, Task<IReadOnlyList<long>>> _appendMany;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    /// <summary>Groups the appends made to <paramref name="store"/>.</summary>
    public GroupCommitAuditLog(PostgresAuditLog store)
        : this(store.AppendManyAsync)
    {
    }

    /// <summary>Groups appends made through <paramref name="appendMany"/>, which must append all or none.</summary>
    internal GroupCommitAuditLog(Func<IReadOnlyList<AuditRecord>, CancellationToken, Task<IReadOnlyList<long>>> appendMany)
    {
        _appendMany = appendMany;
        // The writer serves every caller: it must not carry the context (the trace, say) of
        // whichever request happened to create it.
        using (ExecutionContext.SuppressFlow())
            _writer = Task.Run(WriteAsync);
    }

    /// <inheritdoc />
    public async Task<long> AppendAsync(AuditRecord record, CancellationToken cancellationToken) =>
        (await AppendManyAsync([record], cancellationToken))[0];

    /// <inheritdoc />
    /// <remarks>
    /// Cancelling stops the wait, not the append: records already queued may still be committed,
    /// since an audit entry for an action that was given up is better than none for one that ran.
    /// </remarks>
    /// <exception cref="ArgumentException">A record carries something that looks like a resident id, or is malformed; nothing is queued.</exception>
    /// <exception cref="ObjectDisposedException">The log is shutting down.</exception>
    public async Task<IReadOnlyList<long>> AppendManyAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
            AuditRecordGuard.Check(record);
        if (records.Count == 0)
            return [];

        var pending = new Pending([.. records]);
        if (!_queue.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(GroupCommitAuditLog), "The audit log is shutting down; nothing was appended.");
        return await pending.Sequences.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteAsync()
    {
        var group = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            var count = 0;
            while (count < MaxRecordsPerCommit && _queue.Reader.TryRead(out var pending))
            {
                group.Add(pending);
                count += pending.Records.Count;
            }

            try
            {
                // Not the callers' tokens: one caller giving up must not cancel the others' commit.
                var sequences = await _appendMany([.. group.SelectMany(p => p.Records)], CancellationToken.None);
                var at = 0;
                foreach (var pending in group)
                {
                    pending.Sequences.TrySetResult(sequences.Skip(at).Take(pending.Records.Count).ToList());
                    at += pending.Records.Count;
                }
            }
            catch (Exception e)
            {
                foreach (var pending in group)
                    pending.Sequences.TrySetException(e);
            }
        }
    }

    /// <summary>Stops taking records and waits until every record queued before is appended or failed.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private sealed record Pending(IReadOnlyList<AuditRecord> Records)
    {
        public TaskCompletionSource<IReadOnlyList<long>> Sequences { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
