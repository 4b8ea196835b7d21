using System.Collections.Concurrent;
using Exchange.Access.Enforcement;

namespace Exchange.Testing;

/// <summary>A handle directory in memory, for tests that build a release service without a database.</summary>
public sealed class MemoryHandleDirectory : IHandleDirectory
{
    private readonly ConcurrentDictionary<(string Organisation, string Handle), string> _keys = new();

    public int Count => _keys.Count;

    public Task RememberAsync(IReadOnlyCollection<IssuedHandle> handles, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handles);
        foreach (var handle in handles)
            _keys.TryAdd((handle.Organisation, handle.Handle), handle.SubjectKey);
        return Task.CompletedTask;
    }

    public Task<string?> ResolveForStewardAsync(string handle, CancellationToken cancellationToken) =>
        Task.FromResult(_keys.Where(k => k.Key.Handle == handle).Select(k => k.Value).FirstOrDefault());

    public Task<string?> ResolveAsync(string organisation, string handle, CancellationToken cancellationToken) =>
        Task.FromResult(_keys.TryGetValue((organisation, handle), out var key) ? key : null);
}
