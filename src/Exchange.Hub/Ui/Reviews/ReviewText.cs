using Exchange.Hub.Ui.Language;

namespace Exchange.Hub.Ui.Reviews;

/// <summary>The words of the review queue's pages, once per language.</summary>
public sealed class ReviewText
{
    public required string QueueTitle { get; init; }
    public required string QueueIntro { get; init; }
    public required string NoReviews { get; init; }
    public required string Review { get; init; }
    public required string CreatedAt { get; init; }
    public required string MatchProbability { get; init; }
    public required string Subjects { get; init; }
    public required string Open { get; init; }
    public required string NextPage { get; init; }
    public required string FirstPage { get; init; }
    public required string Paging { get; init; }

    public required string ReviewTitle { get; init; }
    public required string ReviewIntro { get; init; }
    public required string State { get; init; }
    public required string ThisRecord { get; init; }
    public required string Candidate { get; init; }
    public required string EvidenceCaption { get; init; }
    public required string Comparison { get; init; }
    public required string Level { get; init; }
    public required string Weight { get; init; }
    public required string PriorWeight { get; init; }
    public required string MatchWeight { get; init; }
    public required string NoValue { get; init; }
    public required string NotInForce { get; init; }
    public required string DecideTitle { get; init; }
    public required string AcceptExplained { get; init; }
    public required string RejectExplained { get; init; }
    public required string Accept { get; init; }
    public required string Reject { get; init; }
    public required string Decided { get; init; }
    public required string DecidedBy { get; init; }
    public required string AlreadyDecided { get; init; }
    public required string Pending { get; init; }
    public required string KeysDiffer { get; init; }
    public required string MissingReview { get; init; }
    public required string BackToQueue { get; init; }
    public required IReadOnlyDictionary<string, string> States { get; init; }
    public required IReadOnlyDictionary<string, string> Comparisons { get; init; }

    public string StateName(string state) => States.GetValueOrDefault(state, state);

    public string ComparisonName(string comparison) => Comparisons.GetValueOrDefault(comparison, comparison);

    public static ReviewText For(UiLanguage language) => language == UiLanguage.English ? ReviewTexts.English : ReviewTexts.Chinese;
}
