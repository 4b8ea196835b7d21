using System.Globalization;
using System.Text.Json.Nodes;
using Exchange.Core.Model;

namespace Exchange.Access.Decisions;

/// <summary>
/// The derived answer "eligible for disadvantaged-graduate support", with who certified it and
/// until when — and nothing about which hardship or disability it rests on. Released under the
/// Eligibility category, so an employer's subsidy office can act without learning the status
/// itself (data minimisation, PIPL art. 6).
/// </summary>
/// <param name="Eligible">True when a current hardship or disability certification exists.</param>
/// <param name="IssuerName">The certifying bureau, when eligible.</param>
/// <param name="ValidThrough">The last day the eligibility holds; null when open-ended or not eligible.</param>
public sealed record EligibilityAttribute(bool Eligible, string? IssuerName, DateOnly? ValidThrough)
{
    /// <summary>The answer when nothing is certified.</summary>
    public static EligibilityAttribute NotEligible { get; } = new(false, null, null);

    /// <summary>
    /// Computes the attribute from the subject's certifications on a day: any active
    /// certification whose validity covers the day makes the subject eligible; when several do,
    /// the one that lasts longest is named (an open-ended one first).
    /// </summary>
    public static EligibilityAttribute From(IEnumerable<CertificationRecord> certifications, DateOnly asOf)
    {
        var best = certifications
            .Where(c => string.Equals(c.Status, "active", StringComparison.Ordinal) && c.ValidFrom <= asOf && (c.ValidThrough is null || c.ValidThrough >= asOf))
            .OrderByDescending(c => c.ValidThrough ?? DateOnly.MaxValue)
            .FirstOrDefault();
        return best is null ? NotEligible : new EligibilityAttribute(true, best.IssuerName, best.ValidThrough);
    }

    /// <summary>The <c>derived</c> document the field paths <c>derived/eligibility/…</c> address.</summary>
    public JsonObject ToDocument() => new()
    {
        ["eligibility"] = new JsonObject
        {
            ["eligible"] = Eligible,
            ["issuer"] = IssuerName,
            ["validThrough"] = ValidThrough?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        },
    };
}
