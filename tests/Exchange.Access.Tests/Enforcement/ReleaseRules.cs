using System.Text.Json.Nodes;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Consent;

namespace Exchange.Access.Tests.Enforcement;

/// <summary>
/// The rules of release written out again for the release paths' property tests, independent of
/// the implementation: which category each field belongs to, when an agreement and a consent
/// cover a category for a caller, purpose, subject, provider and instant, and what of a record
/// survives when a set of fields is allowed. The decision point's own property (NoLeakPropertyTests)
/// reads its field categories from here too.
/// </summary>
internal static class ReleaseRules
{
    /// <summary>The record kinds released subject by subject.</summary>
    public static readonly string[] ReleasedKinds = ["graduate", "certification", "placement"];

    /// <summary>Property names that are clear identifiers: never released, at any depth.</summary>
    public static readonly string[] ClearIdentifiers = ["residentId", "certificateNumber"];

    // A category, or null for a certification's common fields (hardship or disability by the certification's type).
    private static readonly Dictionary<string, DataCategory?> Catalogue = new(StringComparer.Ordinal)
    {
        ["graduate/name"] = DataCategory.Identity, ["graduate/sex"] = DataCategory.Identity, ["graduate/birthDate"] = DataCategory.Identity,
        ["graduate/originRegion"] = DataCategory.Identity, ["graduate/studentId"] = DataCategory.Identity,
        ["graduate/institutionCode"] = DataCategory.Education, ["graduate/majorCode"] = DataCategory.Education, ["graduate/majorName"] = DataCategory.Education,
        ["graduate/educationLevel"] = DataCategory.Education, ["graduate/enrolmentDate"] = DataCategory.Education,
        ["graduate/graduationDate"] = DataCategory.Education, ["graduate/cohort"] = DataCategory.Education, ["graduate/skills"] = DataCategory.Education,
        ["graduate/certificates"] = DataCategory.Education, ["graduate/preferences"] = DataCategory.Education,
        ["graduate/contact/phone"] = DataCategory.Contact, ["graduate/contact/email"] = DataCategory.Contact,
        ["graduate/hardshipFlags"] = DataCategory.Hardship,
        ["graduate/accommodationNeeds"] = DataCategory.Disability, ["certification/disabilityCategory"] = DataCategory.Disability,
        ["certification/disabilityGrade"] = DataCategory.Disability,
        ["certification/certificationType"] = null, ["certification/validFrom"] = null, ["certification/validThrough"] = null,
        ["certification/issuerName"] = null, ["certification/issuerCreditCode"] = null, ["certification/issuerRegion"] = null, ["certification/status"] = null,
        ["placement/destinationCode"] = DataCategory.Outcomes, ["placement/cohort"] = DataCategory.Outcomes, ["placement/employerCreditCode"] = DataCategory.Outcomes,
        ["placement/employerName"] = DataCategory.Outcomes, ["placement/occupationCode"] = DataCategory.Outcomes, ["placement/workRegion"] = DataCategory.Outcomes,
        ["placement/startDate"] = DataCategory.Outcomes, ["placement/contractType"] = DataCategory.Outcomes, ["placement/monthlyPay"] = DataCategory.Outcomes,
        ["placement/signedStatement"] = DataCategory.Outcomes, ["placement/followUps"] = DataCategory.Outcomes,
        ["derived/eligibility"] = DataCategory.Eligibility, ["derived/eligibility/eligible"] = DataCategory.Eligibility,
        ["derived/eligibility/issuer"] = DataCategory.Eligibility, ["derived/eligibility/validThrough"] = DataCategory.Eligibility,
    };

    /// <summary>Every field a caller may ask for: the catalogue, and names that must never be released.</summary>
    public static readonly string[] Requestable =
    [
        .. Catalogue.Keys,
        "graduate/residentId", "certification/residentId", "placement/residentId", "certification/certificateNumber",
        "graduate/contact", "graduate/recordId", "graduate/favouriteColour", "derived", "placement/followUps/0", "graduate/certificates/residentId",
    ];

    /// <summary>The fields a search may filter on.</summary>
    public static readonly string[] Filterable =
    [
        "graduate/originRegion", "graduate/educationLevel", "graduate/majorCode", "graduate/cohort", "graduate/skills", "graduate/accommodationNeeds",
        "derived/eligibility/eligible", "placement/destinationCode",
    ];

    public static bool IsSensitive(DataCategory category) => category is DataCategory.Hardship or DataCategory.Disability;

    /// <summary>The categories a field needs, all of them; null when it is never released.</summary>
    public static DataCategory[]? Categories(string field, string? certificationType) =>
        !Catalogue.TryGetValue(field, out var category) ? null
        : category is { } single ? [single]
        : certificationType switch
        {
            null => [DataCategory.Hardship, DataCategory.Disability],
            "disability" => [DataCategory.Disability],
            _ => [DataCategory.Hardship],
        };

    /// <summary>The fields of a kind asked for: those named, or (none named) every catalogued field of the kind.</summary>
    public static HashSet<string> FieldsOf(string kind, IReadOnlySet<string>? requested) =>
        (requested ?? (IEnumerable<string>)Catalogue.Keys).Where(f => f.StartsWith(kind + "/", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

    /// <summary>An agreement in force names the caller, category, purpose and provider, and a separate consent of the subject in force does too.</summary>
    public static bool CategoryReleased(ReleaseWorld world, DataCategory category, string subjectKey, string? provider, DateTimeOffset at) =>
        world.Agreements.Any(a => AgreementHolds(world, a, category, provider, at))
        && world.Consents.Any(k => IsSeparate(k) && ConsentHolds(world, k, category, subjectKey, at));

    /// <summary>Whether the field may be released of this subject's record from this provider at this instant.</summary>
    public static bool Allows(ReleaseWorld world, string field, string subjectKey, string? provider, string? certificationType, DateTimeOffset at) =>
        Categories(field, certificationType) is { } categories && categories.All(c => CategoryReleased(world, c, subjectKey, provider, at));

    /// <summary>Of <paramref name="fields"/>, those the rules allow of the record.</summary>
    public static HashSet<string> Allowed(ReleaseWorld world, string subjectKey, string? provider, string? certificationType, IEnumerable<string> fields, DateTimeOffset at) =>
        fields.Where(f => Allows(world, f, subjectKey, provider, certificationType, at)).ToHashSet(StringComparer.Ordinal);

    /// <summary>A consent of the subject holding only sensitive categories covers this category now: what sensitive data needs.</summary>
    public static bool SeparateSensitiveConsent(ReleaseWorld world, string subjectKey, DataCategory category, DateTimeOffset at) =>
        world.Consents.Any(k => k.Categories.All(IsSensitive) && ConsentHolds(world, k, category, subjectKey, at));

    private static bool IsSeparate(ConsentGrant k) => k.Categories.All(IsSensitive) || !k.Categories.Any(IsSensitive);

    private static bool AgreementHolds(ReleaseWorld world, DataSharingAgreement a, DataCategory category, string? provider, DateTimeOffset at) =>
        a.RecordedAt <= at && a.Status == AgreementStatus.Active && InPeriod(at, a.Terms.ValidFrom, a.Terms.ValidThrough)
        && Names(a.Terms.Grantee, world.Caller) && a.Terms.Categories.Contains(category) && a.Terms.Purposes.Contains(world.Purpose)
        && (a.Terms.ProviderOrganisation is null || a.Terms.ProviderOrganisation == provider);

    private static bool ConsentHolds(ReleaseWorld world, ConsentGrant k, DataCategory category, string subjectKey, DateTimeOffset at) =>
        k.SubjectKey == subjectKey && Names(k.Grantee, world.Caller) && k.Categories.Contains(category) && k.Purposes.Contains(world.Purpose)
        && k.GivenAt <= at && !(k.Status == ConsentStatus.Withdrawn && (k.WithdrawnAt is null || k.WithdrawnAt <= at))
        && InPeriod(at, k.ValidFrom, k.ValidThrough);

    private static bool Names(Grantee grantee, ClientIdentity caller) =>
        grantee.Organisation is not null ? grantee.Organisation == caller.Organisation : grantee.Role == caller.Role;

    // Validity periods are Chinese calendar days.
    private static bool InPeriod(DateTimeOffset at, DateOnly from, DateOnly through)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime.AddHours(8));
        return from <= day && day <= through;
    }

    /// <summary>
    /// Everything a document holds, as sorted <c>path=value</c> lines: leaves, arrays (as a marker,
    /// then their items; an object item's properties under the array's path). Two documents hold the
    /// same data exactly when their lines are equal.
    /// </summary>
    public static List<string> Lines(JsonNode? node, string path) =>
        [.. Leaves(node, path).Select(l => $"{l.Path}={l.Value}").Order(StringComparer.Ordinal)];

    /// <summary>The lines of <paramref name="original"/> the rules let through when <paramref name="allowed"/> are allowed: covered by an allowed field, no clear identifier on the way.</summary>
    public static List<string> ExpectedLines(JsonObject original, string kind, IReadOnlySet<string> allowed) =>
        [.. Leaves(original, kind)
            .Where(l => Governing(l.Path, allowed) is not null && !l.Path.Split('/').Any(s => ClearIdentifiers.Contains(s)))
            .Select(l => $"{l.Path}={l.Value}")
            .Order(StringComparer.Ordinal)];

    /// <summary>The allowed field a path lies under, if any.</summary>
    public static string? Governing(string path, IEnumerable<string> allowed) =>
        allowed.FirstOrDefault(f => path == f || path.StartsWith(f + "/", StringComparison.Ordinal));

    public static IEnumerable<(string Path, string Value)> Leaves(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    foreach (var leaf in Leaves(child, $"{path}/{name}"))
                        yield return leaf;
                }

                break;
            case JsonArray array:
                yield return (path, "[]");
                foreach (var item in array)
                {
                    if (item is JsonObject element)
                    {
                        foreach (var leaf in Leaves(element, path))
                            yield return leaf;
                    }
                    else
                    {
                        yield return (path, item?.ToJsonString() ?? "null");
                    }
                }

                break;
            default:
                yield return (path, node?.ToJsonString() ?? "null");
                break;
        }
    }
}
