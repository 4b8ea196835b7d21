using Exchange.Access.Decisions;

namespace Exchange.Access.Enforcement;

/// <summary>
/// What an aggregate report may count: the grants in force, and for consent-based ones the
/// subjects who consented. A report counts a subject only when its provider is counted whole, or
/// when a consent grant covers its provider and the subject is among the consenting.
/// </summary>
/// <param name="Scope">The grants.</param>
/// <param name="ConsentingSubjectKeys">Linkage keys of the subjects a consent grant counts, sorted.</param>
/// <param name="DeniedRule">Why nothing may be counted, or null when something may.</param>
public sealed record StatisticsRelease(StatisticsScope Scope, IReadOnlyList<string> ConsentingSubjectKeys, string? DeniedRule)
{
    public bool IsDenied => DeniedRule is not null;
}
