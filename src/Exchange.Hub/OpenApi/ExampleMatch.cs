using System.Text;
using System.Text.Json.Nodes;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Hub.Matching;
using Exchange.Index.Matching;

namespace Exchange.Hub.OpenApi;

/// <summary>The match examples: the sample graduate and the sample vacancy scored by the hub's own engine.</summary>
internal static class ExampleMatch
{
    private const string Handle = "cand_7q2m4xkd9hj3wv6tbn5rpc8yfa";
    private static readonly DateOnly Day = new(2026, 6, 1);

    public static MatchRequest VacancyRequest => new("matching", new VacancyReference(Vacancy.EmployerCreditCode, Vacancy.RecordId), null, 20);

    public static VacancyMatchResponse VacancyResponse()
    {
        var score = Score();
        var graduate = ExampleSamples.Valid("graduate");
        foreach (var withheld in new[] { "residentId", "hardshipFlags", "accommodationNeeds" })
            graduate.Remove(withheld);
        // An employer not released disability reads the accessibility reasons as one neutral reason.
        var shown = score.Reasons.Where(r => !r.Reveals.Contains("disability") && !r.Reveals.Contains("hardship")).Select(ReasonNotes.ToDto).ToList();
        var hidden = score.Reasons.Where(r => r.Reveals.Contains("disability") || r.Reveals.Contains("hardship")).Sum(r => r.Points);
        if (hidden > 0)
            shown.Add(ReasonNotes.ToDto(MatchReasons.Neutral(hidden)));
        return new VacancyMatchResponse(new VacancyReference(Vacancy.EmployerCreditCode, Vacancy.RecordId),
            [new CandidateMatch(1, Handle, score.Points, shown, new JsonObject { ["graduate"] = graduate, ["subject"] = Handle })]);
    }

    public static ExplainRequest ExplainRequest => new(new GraduateReference(null, Graduate.RecordId), new VacancyReference(Vacancy.EmployerCreditCode, Vacancy.RecordId));

    public static MatchExplanation Explanation()
    {
        var score = Score();
        var v = Vacancy;
        return new MatchExplanation(new GraduateReference(null, Graduate.RecordId),
            new VacancySummary(v.EmployerCreditCode, v.RecordId, v.Title, v.EmployerName, v.OccupationCode, v.WorkRegion, v.PayMin, v.PayMax, v.ContractType,
                v.AccessibilityFeatures, v.PhysicalRequirements, v.InclusiveHiring, v.ValidThrough),
            score.Points, [.. score.Reasons.Select(ReasonNotes.ToDto)]);
    }

    private static MatchScore Score() => new MatchScorer(MatchVocabulary.Shipped).Score(new CandidateProfile("example", Graduate, []), Vacancy, Day);

    private static GraduateRecord Graduate => (GraduateRecord)RecordJson.Deserialize(RecordKind.Graduate, Encoding.UTF8.GetBytes(ExampleSamples.Valid("graduate").ToJsonString()));

    private static VacancyRecord Vacancy => (VacancyRecord)RecordJson.Deserialize(RecordKind.Vacancy, Encoding.UTF8.GetBytes(ExampleSamples.Valid("vacancy").ToJsonString()));
}
