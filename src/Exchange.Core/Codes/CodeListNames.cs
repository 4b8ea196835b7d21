namespace Exchange.Core.Codes;

/// <summary>Names of the code lists the validators look codes up in.</summary>
public static class CodeListNames
{
    public const string Sex = "sex";
    public const string AdminDivision = "admin-division";
    public const string EducationLevel = "education-level";
    public const string DisabilityCategory = "disability-category";
    public const string DisabilityGrade = "disability-grade";
    public const string Destination = "destination";
    public const string HardshipType = "hardship-type";
    public const string ServiceType = "service-type";
    public const string OccupationMajorGroup = "occupation-major-group";
    public const string ContractType = "contract-type";
    public const string AccessibilityFeature = "accessibility-feature";
    public const string InclusiveHiring = "inclusive-hiring";
    public const string JobRequirement = "job-requirement";
    public const string CertificationStatus = "certification-status";
    public const string ConsentStatus = "consent-status";
    public const string ConsentMethod = "consent-method";
    public const string Purpose = "purpose";
    public const string DataCategory = "data-category";
    public const string PartyRole = "party-role";
    public const string ServiceChannel = "service-channel";
    public const string BenefitType = "benefit-type";
    public const string MajorUndergraduate = "major-undergraduate";
    public const string MajorVocational = "major-vocational";

    /// <summary>Every list the validators need; loading fails when one is missing.</summary>
    public static IReadOnlyList<string> Required { get; } =
    [
        Sex, AdminDivision, EducationLevel, DisabilityCategory, DisabilityGrade, Destination, HardshipType,
        ServiceType, OccupationMajorGroup, ContractType, AccessibilityFeature, InclusiveHiring, JobRequirement,
        CertificationStatus, ConsentStatus, ConsentMethod, Purpose, DataCategory, PartyRole, ServiceChannel,
        BenefitType,
    ];
}
