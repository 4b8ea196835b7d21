using System.Text.Json.Nodes;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;

namespace Exchange.Access.Enforcement;

/// <summary>A read of many subjects at once (a match's candidates), as a read path hands it to the <see cref="ReleaseService"/>.</summary>
/// <param name="Caller">Who reads.</param>
/// <param name="Purpose">The declared purpose.</param>
/// <param name="RequestedFields">The fields asked for; null asks for every releasable field.</param>
/// <param name="Action">What is audited as the action.</param>
/// <param name="At">When the read happens.</param>
public sealed record SubjectBatchRequest(ClientIdentity Caller, Purpose Purpose, IReadOnlySet<string>? RequestedFields, string Action, DateTimeOffset At)
{
    /// <summary>
    /// How many subjects may be released at most: deciding stops there, and the subjects after the
    /// last one decided are left undecided and unaudited (a ranking shows no more than it asked for).
    /// </summary>
    public int ReleaseAtMost { get; init; } = int.MaxValue;
}

/// <summary>One subject of a batch: its linkage key (never released), its stored records, and what the read path says about it.</summary>
public sealed record SubjectInBatch(string SubjectKey, IReadOnlyList<ReleaseCandidate> Records, IReadOnlyList<GuardedNote> Notes);

/// <summary>
/// What may leave about one subject of a batch: the caller's handle, the masked document (as
/// <see cref="SubjectRelease.Document"/>) and the notes, each as released — itself, a more neutral
/// fallback, or null — in the order given.
/// </summary>
public sealed record ReleasedSubject(string Handle, JsonObject Document, IReadOnlyList<JsonNode?> Notes);
