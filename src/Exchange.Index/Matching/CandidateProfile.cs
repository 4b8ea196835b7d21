using Exchange.Core.Model;

namespace Exchange.Index.Matching;

/// <summary>
/// A graduate as the matching engine sees them: the merged graduate record and the subject's
/// certifications. The subject key stays inside the hub: it orders ties and finds the records the
/// release service is to judge.
/// </summary>
public sealed record CandidateProfile(string SubjectKey, GraduateRecord Graduate, IReadOnlyList<CertificationRecord> Certifications)
{
    /// <summary>The certifications in force on a day (active, validity covering the day).</summary>
    public IEnumerable<CertificationRecord> CertifiedOn(DateOnly day) => Certifications.Where(c =>
        string.Equals(c.Status, "active", StringComparison.Ordinal) && c.ValidFrom <= day && (c.ValidThrough is null || c.ValidThrough >= day));

    /// <summary>Flagged by the university or certified by a bureau as in hardship (disability aside) on a day.</summary>
    public bool HasHardship(DateOnly day) => Graduate.HardshipFlags.Any(f => f != DisabilityType)
        || CertifiedOn(day).Any(c => c.CertificationType != DisabilityType);

    /// <summary>Certified disabled, or asking for accommodations, on a day.</summary>
    public bool HasDisability(DateOnly day) => Graduate.AccommodationNeeds.Count > 0 || Graduate.HardshipFlags.Contains(DisabilityType)
        || CertifiedOn(day).Any(c => c.CertificationType == DisabilityType);

    /// <summary>The disadvantaged group the exposure rule protects: hardship or disability.</summary>
    public bool IsDisadvantaged(DateOnly day) => HasHardship(day) || HasDisability(day);

    private const string DisabilityType = "disability";
}
