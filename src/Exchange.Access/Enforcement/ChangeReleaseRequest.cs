using Exchange.Access.Agreements;
using Exchange.Access.Clients;

namespace Exchange.Access.Enforcement;

/// <summary>A page of the change feed read by one subscriber, as a read path hands it to the <see cref="ReleaseService"/>.</summary>
/// <param name="Caller">The subscriber.</param>
/// <param name="Purpose">Its declared purpose.</param>
/// <param name="Action">What is audited as the action (<c>GET /v1/changes</c>, or the topic publisher's).</param>
/// <param name="At">When the read happens: events carrying data are judged at this instant.</param>
public sealed record ChangeReleaseRequest(ClientIdentity Caller, Purpose Purpose, string Action, DateTimeOffset At)
{
    /// <summary>
    /// How many changes may be released at most: deciding stops there, and the changes after the
    /// last one released are left undecided and unaudited, for the next page.
    /// </summary>
    public int ReleaseAtMost { get; init; } = int.MaxValue;
}
