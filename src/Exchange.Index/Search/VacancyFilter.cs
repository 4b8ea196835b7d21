namespace Exchange.Index.Search;

/// <summary>The filters of a vacancy search; each one left null or empty does not filter. All given filters must hold.</summary>
/// <param name="WorkRegion">The job's work region, as the range of codes of a province, prefecture or county.</param>
/// <param name="MinEducationLevel">The job's lowest accepted education level, as a range (a stage heading covers its levels).</param>
/// <param name="MajorCode">A major the job names.</param>
/// <param name="MajorGroup">A major group (four digits) one of the job's majors belongs to.</param>
/// <param name="Skills">Skills the job asks for, all of them.</param>
/// <param name="AccessibilityFeatures">Accessibility features of the workplace, all of them.</param>
/// <param name="InclusiveHiring">Inclusive-hiring commitments, all of them.</param>
/// <param name="ValidOn">Only jobs whose validity covers this day.</param>
public sealed record VacancyFilter(
    CodeRange? WorkRegion = null,
    CodeRange? MinEducationLevel = null,
    string? MajorCode = null,
    string? MajorGroup = null,
    IReadOnlyList<string>? Skills = null,
    IReadOnlyList<string>? AccessibilityFeatures = null,
    IReadOnlyList<string>? InclusiveHiring = null,
    DateOnly ValidOn = default);
