namespace Exchange.Index.Tests.Merging;

/// <summary>
/// Merger processes one after another, the next always started and made ready while the one
/// before it runs, so that a restart after a kill does not wait for the runtime to start.
/// </summary>
internal sealed class MergerRelay(string connectionString, int maxBatch) : IAsyncDisposable
{
    private MergerProcess? _ready = MergerProcess.Start(connectionString, maxBatch);

    /// <summary>The ready process, told to go; the caller owns it. Unless it is the last, another is started to wait its turn.</summary>
    public async Task<MergerProcess> GoAsync(bool last = false)
    {
        var going = _ready ?? throw new InvalidOperationException("The last process has gone.");
        _ready = last ? null : MergerProcess.Start(connectionString, maxBatch);
        await going.GoAsync();
        return going;
    }

    public async ValueTask DisposeAsync()
    {
        if (_ready is not null)
            await _ready.DisposeAsync();
    }
}
