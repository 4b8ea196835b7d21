using Exchange.Core.Hosting;
using Microsoft.Extensions.Logging;

namespace Exchange.Adapters;

/// <summary>The adapters' log events. Never a record or a clear identifier: counts, names and reasons only.</summary>
internal static partial class AdaptersLog
{
    [LoggerMessage(EventId = EventIds.BatchIngested, Level = LogLevel.Information, Message = "Ingested a {Kind} batch from {Source}: {Accepted} accepted, {Duplicates} duplicates, {Rejected} rejected")]
    public static partial void BatchIngested(this ILogger logger, string kind, string source, int accepted, int duplicates, int rejected);

    [LoggerMessage(EventId = EventIds.PullRetry, Level = LogLevel.Warning, Message = "Pull adapter {Adapter}: attempt {Attempt} failed ({Reason}); retrying in {DelayMs} ms")]
    public static partial void PullRetry(this ILogger logger, string adapter, int attempt, string reason, long delayMs);

    [LoggerMessage(EventId = EventIds.PullGaveUp, Level = LogLevel.Error, Message = "Pull adapter {Adapter}: giving up this round after {Attempts} attempts ({Reason}); the checkpoint stays at {Checkpoint}")]
    public static partial void PullGaveUp(this ILogger logger, string adapter, int attempts, string reason, string? checkpoint);

    [LoggerMessage(EventId = EventIds.PullCircuitOpened, Level = LogLevel.Error, Message = "Pull adapter {Adapter}: the source keeps failing ({Reason}); it is left alone for {BreakSeconds} s")]
    public static partial void PullCircuitOpened(this ILogger logger, string adapter, string reason, long breakSeconds);

    [LoggerMessage(EventId = EventIds.PullCircuitClosed, Level = LogLevel.Information, Message = "Pull adapter {Adapter}: the source answers again")]
    public static partial void PullCircuitClosed(this ILogger logger, string adapter);

    [LoggerMessage(EventId = EventIds.CheckpointAdvanced, Level = LogLevel.Information, Message = "Pull adapter {Adapter}: checkpoint advanced to {Checkpoint}")]
    public static partial void CheckpointAdvanced(this ILogger logger, string adapter, string checkpoint);

    [LoggerMessage(EventId = EventIds.DropFileMoved, Level = LogLevel.Information, Message = "Drop folder {Folder}: {File} moved to {Destination}")]
    public static partial void DropFileMoved(this ILogger logger, string folder, string file, string destination);

    [LoggerMessage(EventId = EventIds.DropFileFailed, Level = LogLevel.Warning, Message = "Drop folder {Folder}: {File} is unreadable ({Reason})")]
    public static partial void DropFileFailed(this ILogger logger, string folder, string file, string reason);
}
