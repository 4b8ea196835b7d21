using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Access.Agreements;
using Exchange.Access.Enforcement;
using Exchange.Index.Matching;

namespace Exchange.Hub.Matching;

/// <summary>
/// Match reasons as notes for the release service, and back: a reason that discloses a category
/// falls back to the neutral <c>other-fit</c> with the same points, so the caller sees why a
/// score is what it is without learning what it was not released.
/// </summary>
internal static class ReasonNotes
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static GuardedNote Note(MatchReason reason) =>
        new(Categories(reason.Reveals), Node(reason), reason.Reveals.Count == 0 ? null : new GuardedNote(new HashSet<DataCategory>(), Node(MatchReasons.Neutral(reason.Points))));

    /// <summary>A programme as a note: shown only with eligibility released; its reasons are notes of their own.</summary>
    public static GuardedNote Policy(PolicyMatch policy) =>
        new(new HashSet<DataCategory> { DataCategory.Eligibility }, JsonSerializer.SerializeToNode(policy with { Reasons = [] }, Json)!);

    /// <summary>A programme's reason: the certified status it rests on, else only "eligible", else nothing.</summary>
    public static GuardedNote PolicyReason(MatchReason reason) =>
        new(Categories(reason.Reveals), Node(reason), new GuardedNote(new HashSet<DataCategory> { DataCategory.Eligibility }, Node(MatchReasons.PolicyEligible())));

    public static MatchReasonDto ToDto(MatchReason reason) => new(reason.Code, reason.Points, reason.Values, reason.Text, reason.TextZh);

    public static MatchReasonDto FromNode(JsonNode node) => node.Deserialize<MatchReasonDto>(Json)!;

    /// <summary>Released reasons in order, the neutral ones folded into one after the others.</summary>
    public static IReadOnlyList<MatchReasonDto> Fold(IEnumerable<JsonNode?> released)
    {
        var reasons = released.OfType<JsonNode>().Select(FromNode).ToList();
        var neutral = reasons.Where(r => r.Code == MatchReasons.OtherFit).ToList();
        if (neutral.Count <= 1)
            return reasons;
        var folded = MatchReasons.Neutral(neutral.Sum(r => r.Points));
        return [.. reasons.Where(r => r.Code != MatchReasons.OtherFit), ToDto(folded)];
    }

    private static JsonNode Node(MatchReason reason) => JsonSerializer.SerializeToNode(ToDto(reason), Json)!;

    private static HashSet<DataCategory> Categories(IEnumerable<string> names) =>
        [.. names.Select(n => DataCategories.TryParseCategory(n, out var category) ? category : throw new InvalidOperationException($"'{n}' is no data category."))];
}
