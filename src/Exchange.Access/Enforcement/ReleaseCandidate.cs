using System.Text.Json;

namespace Exchange.Access.Enforcement;

/// <summary>
/// One stored record a read path would release: its kind (<c>graduate</c>, <c>certification</c>,
/// <c>placement</c>, …), who provided it (the sender's credit code) and the pseudonymised record.
/// </summary>
/// <param name="Kind">The record kind's name.</param>
/// <param name="SourceOrganisation">The providing organisation; agreements that name a provider apply only to its records.</param>
/// <param name="Record">The record as stored: clear identifiers already removed at the door.</param>
public sealed record ReleaseCandidate(string Kind, string SourceOrganisation, JsonElement Record);
