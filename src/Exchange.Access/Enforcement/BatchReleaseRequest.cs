using Exchange.Access.Agreements;
using Exchange.Access.Clients;

namespace Exchange.Access.Enforcement;

/// <summary>
/// A read of many subjects at once for one caller and purpose, as bulk export hands it to the
/// <see cref="ReleaseService"/>: one decision pass over the batch and one audit write.
/// </summary>
/// <param name="Caller">Who reads.</param>
/// <param name="Purpose">The declared purpose.</param>
/// <param name="Kinds">The record kinds asked for (<c>graduate</c>, <c>certification</c>, <c>placement</c>); every releasable field of each is requested.</param>
/// <param name="Action">What is audited as the action, e.g. <c>POST /v1/$export</c>.</param>
/// <param name="At">When the read happens; agreements and consents are judged at this instant.</param>
public sealed record BatchReleaseRequest(ClientIdentity Caller, Purpose Purpose, IReadOnlySet<string> Kinds, string Action, DateTimeOffset At);
