namespace Exchange.Access.Agreements;

/// <summary>Categories of data an agreement or a consent releases (code list <c>data-category</c>).</summary>
public enum DataCategory
{
    /// <summary>Name, sex, birth date, origin region.</summary>
    Identity,
    /// <summary>Institution, major, education level, dates, skills, certificates, preferences.</summary>
    Education,
    /// <summary>Phone and e-mail.</summary>
    Contact,
    /// <summary>Certified hardship status and type — sensitive (PIPL art. 28).</summary>
    Hardship,
    /// <summary>Disability category, grade and accommodation needs — sensitive (PIPL art. 28).</summary>
    Disability,
    /// <summary>Destinations, placements and follow-ups.</summary>
    Outcomes,
    /// <summary>The derived yes/no "eligible for disadvantaged-graduate support", with issuer and validity, without the underlying status.</summary>
    Eligibility,
}

/// <summary>Purposes a caller declares and an agreement or consent names (code list <c>purpose</c>).</summary>
public enum Purpose
{
    /// <summary>Matching graduates with vacancies.</summary>
    Matching,
    /// <summary>Delivering employment services.</summary>
    ServiceDelivery,
    /// <summary>Statistics.</summary>
    Statistics,
    /// <summary>Research.</summary>
    Research,
}

/// <summary>Names and properties of categories and purposes.</summary>
public static class DataCategories
{
    /// <summary>The lower-case code, e.g. <c>hardship</c>.</summary>
    public static string Name(this DataCategory category) => category switch
    {
        DataCategory.Identity => "identity",
        DataCategory.Education => "education",
        DataCategory.Contact => "contact",
        DataCategory.Hardship => "hardship",
        DataCategory.Disability => "disability",
        DataCategory.Outcomes => "outcomes",
        DataCategory.Eligibility => "eligibility",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };

    /// <summary>The code, e.g. <c>service-delivery</c>.</summary>
    public static string Name(this Purpose purpose) => purpose switch
    {
        Purpose.Matching => "matching",
        Purpose.ServiceDelivery => "service-delivery",
        Purpose.Statistics => "statistics",
        Purpose.Research => "research",
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, null),
    };

    /// <summary>Sensitive categories need a consent of their own (PIPL art. 29).</summary>
    public static bool IsSensitive(this DataCategory category) => category is DataCategory.Hardship or DataCategory.Disability;

    /// <summary>Parses a category code.</summary>
    public static bool TryParseCategory(string? name, out DataCategory category)
    {
        foreach (var candidate in Enum.GetValues<DataCategory>())
        {
            if (string.Equals(candidate.Name(), name, StringComparison.Ordinal))
            {
                category = candidate;
                return true;
            }
        }
        category = default;
        return false;
    }

    /// <summary>Parses a purpose code.</summary>
    public static bool TryParsePurpose(string? name, out Purpose purpose)
    {
        foreach (var candidate in Enum.GetValues<Purpose>())
        {
            if (string.Equals(candidate.Name(), name, StringComparison.Ordinal))
            {
                purpose = candidate;
                return true;
            }
        }
        purpose = default;
        return false;
    }
}
