namespace Exchange.Access.Audit;

/// <summary>Why verification stopped at an entry.</summary>
public enum AuditFault
{
    /// <summary>The entry's recomputed hash differs from the stored one: a field or the hash was edited.</summary>
    Changed,

    /// <summary>The sequence jumps: the entry with the reported sequence number is missing.</summary>
    Deleted,

    /// <summary>
    /// The entry's previous hash is not its predecessor's hash: entries were swapped or renumbered,
    /// or the predecessor was rewritten together with its own hash.
    /// </summary>
    Reordered,

    /// <summary>The head names a later sequence than the last stored entry: the newest entries were deleted.</summary>
    TailDeleted,

    /// <summary>
    /// The last stored entry is not the one the head names (entries beyond the head, or a different
    /// hash at the head's sequence): the chain's tail was rewritten without moving the head.
    /// </summary>
    HeadMismatch,

    /// <summary>The entry at an externally published anchor's sequence is missing or has another hash.</summary>
    AnchorMismatch,
}
