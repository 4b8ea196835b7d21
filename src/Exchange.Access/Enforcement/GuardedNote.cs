using System.Text.Json.Nodes;
using Exchange.Access.Agreements;

namespace Exchange.Access.Enforcement;

/// <summary>
/// Something a read path says about a subject beside its records — a match reason, a programme the
/// subject is eligible for — that discloses data of some categories ("the job offers the step-free
/// access the graduate needs" discloses disability). The release service shows
/// <see cref="Content"/> only to a caller released every category of <see cref="Reveals"/> for the
/// subject; otherwise it tries <see cref="Otherwise"/>, and with none left shows nothing.
/// </summary>
/// <param name="Reveals">The categories the content discloses; empty for content that discloses nothing of the subject.</param>
/// <param name="Content">What is shown when they are released.</param>
/// <param name="Otherwise">A more neutral note to try instead, or null to show nothing.</param>
public sealed record GuardedNote(IReadOnlySet<DataCategory> Reveals, JsonNode Content, GuardedNote? Otherwise = null);
