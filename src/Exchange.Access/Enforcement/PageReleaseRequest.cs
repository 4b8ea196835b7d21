using Exchange.Access.Agreements;
using Exchange.Access.Clients;

namespace Exchange.Access.Enforcement;

/// <summary>A read of a page of subjects found by a search, as a read path hands it to the <see cref="ReleaseService"/>.</summary>
/// <param name="Caller">Who reads.</param>
/// <param name="Purpose">The declared purpose.</param>
/// <param name="RequestedFields">The fields asked for; null asks for every releasable field.</param>
/// <param name="FilteredFields">
/// The fields the search filtered on (<c>graduate/originRegion</c>, <c>placement/destinationCode</c>, …): a subject found by
/// them is released only when the caller may read every one of them, else the page would tell what they hold.
/// </param>
/// <param name="Action">What is audited as the action: the method and route template.</param>
/// <param name="At">When the read happens.</param>
public sealed record PageReleaseRequest(
    ClientIdentity Caller, Purpose Purpose, IReadOnlySet<string>? RequestedFields, IReadOnlySet<string> FilteredFields, string Action, DateTimeOffset At)
{
    /// <summary>
    /// How many subjects may be released at most: deciding stops there, and the subjects after the
    /// last one decided are left undecided and unaudited, for the next page.
    /// </summary>
    public int ReleaseAtMost { get; init; } = int.MaxValue;
}
