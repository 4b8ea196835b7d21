namespace Exchange.Index.Search;

/// <summary>
/// The filters of a graduate search, parsed and checked; each one left null or empty does not
/// filter. All given filters must hold.
/// </summary>
/// <param name="OriginRegion">The graduate's origin region, as the range of codes of a province, prefecture or county.</param>
/// <param name="EducationLevel">The education level, as a range: a stage heading (<c>20</c>) covers its levels.</param>
/// <param name="MajorCode">A major code (exact).</param>
/// <param name="MajorGroup">A major group: the first four digits of the major code.</param>
/// <param name="Cohort">The graduating year.</param>
/// <param name="Skills">Skills the graduate has, all of them.</param>
/// <param name="AccommodationNeeds">Accommodations the graduate needs, all of them.</param>
/// <param name="Policy">A policy the graduate is eligible for, on <see cref="AsOf"/>.</param>
/// <param name="Available">True: only graduates not placed; false: only placed ones.</param>
/// <param name="AsOf">The day eligibility is judged on.</param>
public sealed record GraduateFilter(
    CodeRange? OriginRegion = null,
    CodeRange? EducationLevel = null,
    string? MajorCode = null,
    string? MajorGroup = null,
    int? Cohort = null,
    IReadOnlyList<string>? Skills = null,
    IReadOnlyList<string>? AccommodationNeeds = null,
    PolicyReference? Policy = null,
    bool? Available = null,
    DateOnly AsOf = default);

/// <summary>A policy record in the index, named by its sender and record id.</summary>
public sealed record PolicyReference(string SourceOrganisation, string SourceRecordId);
