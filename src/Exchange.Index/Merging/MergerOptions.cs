namespace Exchange.Index.Merging;

/// <summary>
/// Whether this instance of the hub merges (section <c>Exchange:Index:Merger</c>). Instances that
/// share a database and event log share the merging as one consumer group; an instance that does
/// not merge still takes records at its door and answers reads, and what it takes reaches the
/// merged index through an instance that merges.
/// </summary>
public sealed class MergerOptions
{
    public const string Section = "Exchange:Index:Merger";

    /// <summary>
    /// False: this instance does not merge; the records it takes wait in the log for an instance
    /// that does, and `/health/ready` reports the lag until one has merged them.
    /// </summary>
    public bool Enabled { get; set; } = true;
}
