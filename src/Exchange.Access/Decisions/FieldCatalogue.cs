using System.Collections.Frozen;
using Exchange.Access.Agreements;

namespace Exchange.Access.Decisions;

/// <summary>How the catalogue classes a field.</summary>
public enum FieldClass
{
    /// <summary>Not in the catalogue: never released.</summary>
    Unknown,
    /// <summary>A clear identifier: never released, whatever the agreement or consent.</summary>
    NeverReleased,
    /// <summary>Released under one data category.</summary>
    Category,
    /// <summary>A certification's common field: hardship or disability data depending on the certification's type.</summary>
    CertificationCommon,
}

/// <summary>
/// Every releasable field path (<c>kind/property[/property]</c>) and the data category it
/// belongs to. A path not listed here is never released, so a property added to a record is
/// withheld until someone decides its category.
/// </summary>
public static class FieldCatalogue
{
    /// <summary>The hardship-type code of a disability certification.</summary>
    public const string DisabilityCertificationType = "disability";

    private static readonly FrozenDictionary<string, (FieldClass Class, DataCategory Category)> Fields = Build();

    /// <summary>Every releasable field path.</summary>
    public static IReadOnlyCollection<string> Releasable { get; } =
        Fields.Where(f => f.Value.Class is FieldClass.Category or FieldClass.CertificationCommon).Select(f => f.Key).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Property names that are clear identifiers wherever they appear.</summary>
    public static IReadOnlySet<string> NeverReleasedProperties { get; } = FrozenSet.Create(StringComparer.Ordinal, "residentId", "certificateNumber");

    /// <summary>How the field is classed; for <see cref="FieldClass.Category"/>, its category.</summary>
    public static FieldClass Classify(string field, out DataCategory category)
    {
        if (Fields.TryGetValue(field, out var entry))
        {
            category = entry.Category;
            return entry.Class;
        }

        category = default;
        var slash = field.LastIndexOf('/');
        return NeverReleasedProperties.Contains(slash < 0 ? field : field[(slash + 1)..]) ? FieldClass.NeverReleased : FieldClass.Unknown;
    }

    /// <summary>
    /// The categories that must all be released for the field to be released; empty when the
    /// field is never released. <paramref name="certificationType"/> is the type of the
    /// certification being read (null when unknown: then both hardship and disability are needed).
    /// </summary>
    public static IReadOnlyList<DataCategory> RequiredCategories(string field, string? certificationType) =>
        Classify(field, out var category) switch
        {
            FieldClass.Category => [category],
            FieldClass.CertificationCommon => CertificationCategories(certificationType),
            _ => [],
        };

    /// <summary>The categories a certification's common fields need, by the certification's type.</summary>
    public static IReadOnlyList<DataCategory> CertificationCategories(string? certificationType) => certificationType switch
    {
        null => [DataCategory.Hardship, DataCategory.Disability],
        DisabilityCertificationType => [DataCategory.Disability],
        _ => [DataCategory.Hardship],
    };

    private static FrozenDictionary<string, (FieldClass, DataCategory)> Build()
    {
        var fields = new Dictionary<string, (FieldClass, DataCategory)>(StringComparer.Ordinal);
        void Add(DataCategory category, params string[] paths)
        {
            foreach (var path in paths)
            {
                fields.Add(path, (FieldClass.Category, category));
            }
        }

        Add(DataCategory.Identity, "graduate/name", "graduate/sex", "graduate/birthDate", "graduate/originRegion", "graduate/studentId");
        Add(DataCategory.Education,
            "graduate/institutionCode", "graduate/majorCode", "graduate/majorName", "graduate/educationLevel", "graduate/enrolmentDate",
            "graduate/graduationDate", "graduate/cohort", "graduate/skills", "graduate/certificates", "graduate/preferences");
        Add(DataCategory.Contact, "graduate/contact/phone", "graduate/contact/email");
        // A university's flag says which hardship the graduate may have: hardship data even before certification.
        Add(DataCategory.Hardship, "graduate/hardshipFlags");
        Add(DataCategory.Disability, "graduate/accommodationNeeds", "certification/disabilityCategory", "certification/disabilityGrade");
        Add(DataCategory.Outcomes,
            "placement/destinationCode", "placement/cohort", "placement/employerCreditCode", "placement/employerName", "placement/occupationCode",
            "placement/workRegion", "placement/startDate", "placement/contractType", "placement/monthlyPay", "placement/signedStatement",
            "placement/followUps");
        Add(DataCategory.Eligibility,
            "derived/eligibility", "derived/eligibility/eligible", "derived/eligibility/issuer", "derived/eligibility/validThrough");

        foreach (var path in new[]
        {
            "certification/certificationType", "certification/validFrom", "certification/validThrough", "certification/issuerName",
            "certification/issuerCreditCode", "certification/issuerRegion", "certification/status",
        })
        {
            fields.Add(path, (FieldClass.CertificationCommon, default));
        }

        foreach (var kind in new[] { "graduate", "certification", "placement", "consent", "vacancy", "policy", "service", "feedback" })
        {
            fields.Add($"{kind}/residentId", (FieldClass.NeverReleased, default));
        }

        fields.Add("certification/certificateNumber", (FieldClass.NeverReleased, default));
        return fields.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
