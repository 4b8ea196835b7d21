using Exchange.Access.Agreements;
using Exchange.Access.Consent;
using Npgsql;

namespace Exchange.Access.Decisions;

/// <summary>
/// Holds the current <see cref="PolicySnapshot"/> and reloads it after any change, so a
/// withdrawal or revocation applies to the next decision. Changes reach it three ways: the
/// stores' in-process <see cref="IPolicyChangeSource.Changed"/> events, <see cref="Invalidate"/>,
/// and — across hub processes — PostgreSQL NOTIFY on <see cref="PolicyChanges.Channel"/> while
/// <see cref="ListenAsync"/> runs.
/// </summary>
public sealed class PolicySnapshotCache : IDisposable
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);

    private readonly Func<CancellationToken, Task<PolicySnapshot>> _load;
    private readonly SubjectHandles _handles;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly IPolicyChangeSource[] _sources;
    private long _generation;
    private Loaded? _loaded;

    /// <summary>A cache over the two stores; it subscribes to their change events.</summary>
    public PolicySnapshotCache(AgreementStore agreements, ConsentStore consents, SubjectHandles handles)
        : this(async ct => PolicySnapshot.Create(await agreements.ListAllVersionsAsync(ct), await consents.ListAllAsync(ct)), handles, agreements, consents)
    {
    }

    /// <summary>A cache over any loader (tests, other stores).</summary>
    public PolicySnapshotCache(Func<CancellationToken, Task<PolicySnapshot>> load, SubjectHandles handles, params IPolicyChangeSource[] sources)
    {
        _load = load;
        _handles = handles;
        _sources = sources;
        foreach (var source in sources)
        {
            source.Changed += OnChanged;
        }
    }

    /// <summary>How many times the cache has been invalidated; a snapshot loaded before the latest invalidation is stale.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Marks the snapshot stale; the next <see cref="GetAsync"/> reloads.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    /// <summary>The current snapshot, reloading first when it is stale. Concurrent callers share one reload.</summary>
    public async Task<PolicySnapshot> GetAsync(CancellationToken cancellationToken) => (await GetLoadedAsync(cancellationToken)).Snapshot;

    /// <summary>A decision point over the current snapshot.</summary>
    public async Task<IPolicyDecisionPoint> GetDecisionPointAsync(CancellationToken cancellationToken) => (await GetLoadedAsync(cancellationToken)).DecisionPoint;

    /// <summary>
    /// Listens for changes made by other processes until cancelled, invalidating on each, and on
    /// every (re)connect too, since notifications sent while disconnected are lost.
    /// </summary>
    public async Task ListenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                connection.Notification += (_, _) => Invalidate();
                await using (var listen = new NpgsqlCommand($"listen {PolicyChanges.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }

                Invalidate();
                while (true)
                {
                    await connection.WaitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException)
            {
                // The database went away; we may miss notifications until we are back, so stay stale.
                Invalidate();
                await Task.Delay(ReconnectDelay, cancellationToken).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var source in _sources)
        {
            source.Changed -= OnChanged;
        }

        _loading.Dispose();
    }

    private async Task<Loaded> GetLoadedAsync(CancellationToken cancellationToken)
    {
        var loaded = Volatile.Read(ref _loaded);
        if (loaded is not null && loaded.Generation == Generation)
        {
            return loaded;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            loaded = Volatile.Read(ref _loaded);
            var generation = Generation;
            if (loaded is not null && loaded.Generation == generation)
            {
                return loaded;
            }

            // Read the generation before loading: a change committed during the load bumps it,
            // so this snapshot is already stale and the next call reloads.
            var snapshot = await _load(cancellationToken);
            loaded = new Loaded(generation, snapshot, new PolicyDecisionPoint(snapshot, _handles));
            Volatile.Write(ref _loaded, loaded);
            return loaded;
        }
        finally
        {
            _loading.Release();
        }
    }

    private void OnChanged(object? sender, EventArgs e) => Invalidate();

    private sealed record Loaded(long Generation, PolicySnapshot Snapshot, PolicyDecisionPoint DecisionPoint);
}
