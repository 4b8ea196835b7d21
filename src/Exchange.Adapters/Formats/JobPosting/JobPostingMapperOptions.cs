namespace Exchange.Adapters.Formats.JobPosting;

/// <summary>Choices the JobPosting mapper makes that a deployment may want to change.</summary>
public sealed record JobPostingMapperOptions
{
    /// <summary>
    /// schema.org <c>employmentType</c> values → hub contract-type codes. FULL_TIME maps to
    /// <c>fixed-term</c> because a graduate's first labour contract in China is almost always
    /// fixed-term; an employer offering open-ended contracts says so in its own feed profile.
    /// </summary>
    public IReadOnlyDictionary<string, string> EmploymentTypes { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["FULL_TIME"] = "fixed-term",
        ["PART_TIME"] = "part-time",
        ["CONTRACTOR"] = "project",
        ["TEMPORARY"] = "flexible",
        ["PER_DIEM"] = "flexible",
        ["INTERN"] = "internship",
    };

    /// <summary>The currency pay is kept in; a salary in another currency is a problem, not converted.</summary>
    public string Currency { get; init; } = "CNY";
}
