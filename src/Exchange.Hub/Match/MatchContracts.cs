using System.Text.Json.Nodes;
using Exchange.Index.Matching;

namespace Exchange.Hub.Matching;

/// <summary>
/// <c>POST /v1/match</c>: ranked candidates for a vacancy, or ranked vacancies and eligible
/// programmes for a graduate — exactly one of the two.
/// </summary>
/// <param name="Purpose">The declared purpose, e.g. <c>matching</c>.</param>
/// <param name="Vacancy">The vacancy to find candidates for.</param>
/// <param name="Graduate">The graduate to find vacancies for.</param>
/// <param name="Limit">How many results, 1 to 100; default 20.</param>
public sealed record MatchRequest(string? Purpose, VacancyReference? Vacancy, GraduateReference? Graduate, int? Limit);

/// <summary>A vacancy as its employer sent it: the sender's credit code and the record id.</summary>
public sealed record VacancyReference(string? SourceOrganisation, string? RecordId);

/// <summary>
/// A graduate: by the caller's own handle (as a search or an earlier match gave it), or — for the
/// graduate's own university only — by the university's record id.
/// </summary>
public sealed record GraduateReference(string? Handle, string? RecordId);

/// <summary><c>POST /v1/match/explain</c>: why one vacancy was recommended to one of the university's graduates.</summary>
public sealed record ExplainRequest(GraduateReference? Graduate, VacancyReference? Vacancy);

/// <summary>One reason, in Chinese and English; <c>other-fit</c> stands for reasons the caller was not released.</summary>
public sealed record MatchReasonDto(string Code, int Points, IReadOnlyList<string> Values, string Text, string TextZh);

/// <summary>Ranked candidates for a vacancy.</summary>
public sealed record VacancyMatchResponse(VacancyReference Vacancy, IReadOnlyList<CandidateMatch> Candidates);

/// <summary>
/// One candidate: the caller's handle, the score, the reasons as released to the caller, and the
/// candidate's record with only the released fields (<c>graduate</c>, <c>certifications</c>, <c>derived</c>).
/// </summary>
public sealed record CandidateMatch(int Rank, string Candidate, int Score, IReadOnlyList<MatchReasonDto> Reasons, JsonObject Record);

/// <summary>Ranked vacancies and eligible programmes for a graduate.</summary>
/// <param name="Graduate">The graduate: the caller's handle, or the record id its university named.</param>
/// <param name="Vacancies">Best first.</param>
/// <param name="Policies">Programmes open today that the graduate is eligible for.</param>
public sealed record GraduateMatchResponse(GraduateReference Graduate, IReadOnlyList<VacancyMatch> Vacancies, IReadOnlyList<PolicyMatch> Policies);

/// <summary>One vacancy for a graduate, with its score and reasons.</summary>
public sealed record VacancyMatch(int Rank, VacancySummary Vacancy, int Score, IReadOnlyList<MatchReasonDto> Reasons);

/// <summary>What a graduate needs to know of a vacancy.</summary>
public sealed record VacancySummary(
    string SourceOrganisation, string RecordId, string Title, string EmployerName, string OccupationCode, string WorkRegion, int? PayMin, int? PayMax,
    string ContractType, IReadOnlyList<string> AccessibilityFeatures, IReadOnlyList<string> PhysicalRequirements, IReadOnlyList<string> InclusiveHiring,
    DateOnly ValidThrough);

/// <summary>A programme the graduate is eligible for, why, and how to apply.</summary>
public sealed record PolicyMatch(string IssuerCreditCode, string RecordId, string Title, string IssuerName, string Region, string BenefitType,
    int? AmountYuan, string Channel, DateOnly ValidThrough, IReadOnlyList<MatchReasonDto> Reasons);

/// <summary>Why one vacancy suits one graduate: the score and every reason, in Chinese and English.</summary>
public sealed record MatchExplanation(GraduateReference Graduate, VacancySummary Vacancy, int Score, IReadOnlyList<MatchReasonDto> Reasons);

/// <summary>What the hub recommends to a graduate, for the graduate's own eyes: jobs best first and the programmes they are eligible for, each with every reason.</summary>
public sealed record OwnRecommendations(IReadOnlyList<Ranked<StoredVacancy>> Jobs, IReadOnlyList<EligiblePolicy> Programmes)
{
    public static readonly OwnRecommendations None = new([], []);
}
