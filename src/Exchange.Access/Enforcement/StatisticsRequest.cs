using Exchange.Access.Agreements;
using Exchange.Access.Clients;

namespace Exchange.Access.Enforcement;

/// <summary>An aggregate report read, as the report path hands it to the <see cref="ReleaseService"/>.</summary>
/// <param name="Caller">Who reads.</param>
/// <param name="Purpose">The declared purpose; only statistics releases aggregates.</param>
/// <param name="Report">The report's name, recorded in the audit.</param>
/// <param name="Categories">The data categories the report's figures are computed from.</param>
/// <param name="Action">What is audited as the action, e.g. <c>GET /v1/reports/{name}</c> or <c>exchange report</c>.</param>
/// <param name="At">When the read happens; agreements and consents are judged at this instant.</param>
public sealed record StatisticsRequest(ClientIdentity Caller, Purpose Purpose, string Report, IReadOnlySet<DataCategory> Categories, string Action, DateTimeOffset At);
