using Exchange.Access.Agreements;
using Exchange.Access.Clients;

namespace Exchange.Access.Enforcement;

/// <summary>A read of one subject, as a read path hands it to the <see cref="ReleaseService"/>.</summary>
/// <param name="Caller">Who reads.</param>
/// <param name="Purpose">The declared purpose.</param>
/// <param name="SubjectKey">The subject's linkage key.</param>
/// <param name="RequestedFields">The fields asked for (<c>graduate/name</c>, <c>derived/eligibility</c>, …); null asks for every releasable field.</param>
/// <param name="Action">What is audited as the action: the method and route template, never the raw path.</param>
/// <param name="At">When the read happens; agreements and consents are judged at this instant.</param>
public sealed record ReleaseRequest(ClientIdentity Caller, Purpose Purpose, string SubjectKey, IReadOnlySet<string>? RequestedFields, string Action, DateTimeOffset At);
