using System.Text.Json.Nodes;

namespace Exchange.Hub.Search;

/// <summary>
/// A page of graduates: each as the release service released it (<c>subject</c> is the caller's
/// handle). <c>next</c> is the link to the following page, absent on the last; a page may hold
/// fewer than <c>limit</c> graduates and still have one.
/// </summary>
public sealed record GraduatePageResponse(IReadOnlyList<JsonObject> Items, int Limit, string? Next);

/// <summary>A page of vacancies (one per real job); <c>next</c> as for graduates.</summary>
public sealed record VacancyPageResponse(IReadOnlyList<VacancyResponse> Items, int Limit, string? Next);

/// <summary>
/// One real job as released: the job's fields and its channels (sender/recordId of each vacancy
/// that announced it). An allow-list: a field the model may add later leaves only once it is named here.
/// </summary>
public sealed record VacancyResponse(
    long Job, string EmployerCreditCode, string EmployerName, string Title, string OccupationCode, string WorkRegion, string? MinEducationLevel,
    IReadOnlyList<string> Majors, IReadOnlyList<string> Skills, string? ContractType, int? PayMin, int? PayMax, int? Positions,
    IReadOnlyList<string> AccessibilityFeatures, IReadOnlyList<string> InclusiveHiring, DateOnly ValidFrom, DateOnly ValidThrough,
    IReadOnlyList<string> Channels);
