using Exchange.Core.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Exchange.Index.Merging;

/// <summary>
/// Stands in for the merger on an instance configured not to merge
/// (<see cref="MergerOptions.Enabled"/> false): it only says so at start, so that an operator
/// reading one instance's log knows its records are merged elsewhere.
/// </summary>
public sealed partial class MergerStoodDown(ILogger<MergerStoodDown> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        NotMerging(logger, MergerOptions.Section);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = EventIds.MergerStoodDown, Level = LogLevel.Information,
        Message = "This instance does not merge ({Section}:Enabled is false): the records it takes reach the merged index only through an instance that merges.")]
    private static partial void NotMerging(ILogger logger, string section);
}
