using System.Globalization;
using System.Text.RegularExpressions;
using Exchange.Access.Decisions;

namespace Exchange.Hub.Matching;

/// <summary>One thing wrong with a match request: the field it is about, a stable code and the message in English and Chinese.</summary>
public sealed record MatchProblem(string Field, string Code, string Message, string MessageZh);

/// <summary>The shape checks of match requests, before anything is looked up.</summary>
internal static partial class MatchRequestCheck
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static List<MatchProblem> Check(MatchRequest request)
    {
        var problems = new List<MatchProblem>();
        switch (request.Vacancy, request.Graduate)
        {
            case (null, null):
                problems.Add(new("vacancy", "match.target-missing",
                    "Name either a vacancy or a graduate to match.", "请指定一个岗位或一名毕业生进行匹配。"));
                break;
            case ({ }, { }):
                problems.Add(new("graduate", "match.target-ambiguous",
                    "Name either a vacancy or a graduate, not both.", "只能指定岗位或毕业生之一，不能同时指定。"));
                break;
            case ({ } vacancy, null):
                problems.AddRange(CheckVacancy(vacancy));
                break;
            case (null, { } graduate):
                problems.AddRange(CheckGraduate(graduate));
                break;
        }

        if (request.Limit is { } limit && (limit < 1 || limit > MaxLimit))
        {
            var given = limit.ToString(CultureInfo.InvariantCulture);
            problems.Add(new("limit", "match.limit-out-of-range",
                $"limit {given} is out of range; give 1 to {MaxLimit}.", $"limit {given} 超出范围；应为 1 至 {MaxLimit}。"));
        }
        return problems;
    }

    public static List<MatchProblem> Check(ExplainRequest request)
    {
        var problems = new List<MatchProblem>();
        if (request.Vacancy is null)
            problems.Add(Missing("vacancy"));
        else
            problems.AddRange(CheckVacancy(request.Vacancy));
        if (request.Graduate?.RecordId is not { Length: > 0 })
            problems.Add(Missing("graduate.recordId"));
        return problems;
    }

    private static IEnumerable<MatchProblem> CheckVacancy(VacancyReference vacancy)
    {
        if (string.IsNullOrWhiteSpace(vacancy.SourceOrganisation))
            yield return Missing("vacancy.sourceOrganisation");
        if (string.IsNullOrWhiteSpace(vacancy.RecordId))
            yield return Missing("vacancy.recordId");
    }

    private static IEnumerable<MatchProblem> CheckGraduate(GraduateReference graduate)
    {
        switch (graduate.Handle, graduate.RecordId)
        {
            case (null, null):
                yield return new("graduate", "match.graduate-reference-missing",
                    "Name the graduate by handle, or by record id for your own university's graduate.", "请用标识符指定毕业生；本校毕业生也可用记录标识指定。");
                break;
            case ({ }, { }):
                yield return new("graduate", "match.graduate-reference-ambiguous",
                    "Name the graduate by handle or by record id, not both.", "只能用标识符或记录标识之一指定毕业生。");
                break;
            case ({ } handle, null) when !HandleShape().IsMatch(handle):
                yield return new("graduate.handle", "match.handle-malformed",
                    $"The handle is not one the hub gives out: {SubjectHandles.CandidatePrefix} or {SubjectHandles.IdentifiedPrefix} and 26 letters a-z or digits 2-7.",
                    $"标识符格式不正确：应为 {SubjectHandles.CandidatePrefix} 或 {SubjectHandles.IdentifiedPrefix} 加 26 位小写字母或数字 2-7。");
                break;
        }
    }

    private static MatchProblem Missing(string field) => new(field, "match.field-missing",
        $"{field} is required.", $"缺少必填字段 {field}。");

    [GeneratedRegex("^(cand|subj)_[a-z2-7]{26}$")]
    private static partial Regex HandleShape();
}
