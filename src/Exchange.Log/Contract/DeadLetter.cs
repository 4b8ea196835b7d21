using System.Globalization;

namespace Exchange.Log;

/// <summary>Builds messages for <see cref="Topics.DeadLetter"/>: the original key, headers and value, plus why and where from.</summary>
public static class DeadLetter
{
#pragma warning disable CS1591 // The header names are their own documentation.
    public const string Reason = "dl_reason";
    public const string OriginalTopic = "dl_topic";
    public const string OriginalPartition = "dl_partition";
    public const string OriginalOffset = "dl_offset";
#pragma warning restore CS1591

    /// <summary>A dead letter for a message a consumer could not process.</summary>
    /// <param name="failed">The message as consumed.</param>
    /// <param name="reason">A machine-readable reason, e.g. an RFC 9457 problem as JSON. Never a clear identifier.</param>
    public static LogMessage For(ConsumedMessage failed, string reason)
    {
        var headers = new Dictionary<string, string>(failed.Headers, StringComparer.Ordinal)
        {
            [Reason] = reason,
            [OriginalTopic] = failed.Topic,
            [OriginalPartition] = failed.Partition.ToString(CultureInfo.InvariantCulture),
            [OriginalOffset] = failed.Offset.ToString(CultureInfo.InvariantCulture),
        };
        return new LogMessage(failed.Key, headers, failed.Value);
    }

    /// <summary>A dead letter for input rejected before it reached the log (e.g. a record that failed validation).</summary>
    public static LogMessage For(LogMessage rejected, string reason) =>
        rejected with { Headers = new Dictionary<string, string>(rejected.Headers, StringComparer.Ordinal) { [Reason] = reason } };
}
