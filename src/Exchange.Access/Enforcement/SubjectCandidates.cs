namespace Exchange.Access.Enforcement;

/// <summary>One subject of a batch read: its linkage key and its stored records of the kinds asked for.</summary>
/// <param name="SubjectKey">The subject's linkage key; it never leaves the release service.</param>
/// <param name="Records">The subject's records in force.</param>
public sealed record SubjectCandidates(string SubjectKey, IReadOnlyList<ReleaseCandidate> Records);
