using Exchange.Hub.Steward;
using Exchange.Hub.Ui.Agreements;
using Exchange.Hub.Ui.Reviews;
using Exchange.Index.Merging;
using Exchange.Index.Queries;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Exchange.Hub.Ui.Pages.Reviews;

/// <summary>
/// One review: the two records side by side with the evidence of each comparison, as
/// <c>GET /v1/steward/reviews/{id}</c> gives it, and the decision, as its <c>accept</c> and
/// <c>reject</c> take it — through the same audited sequence.
/// </summary>
public sealed class ReviewModel(ReviewDecisions reviews, IndexReviews index, IOptions<ResolutionOptions> resolution) : ReviewPage
{
    internal ReviewView? Review { get; private set; }

    internal IReadOnlyList<ReviewComparison> Comparisons { get; private set; } = [];

    internal bool ValuesShown { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        Review = await reviews.GetAsync(id, HttpContext, cancellationToken);
        return await ShowAsync(cancellationToken);
    }

    public Task<IActionResult> OnPostAcceptAsync(long id, CancellationToken cancellationToken) =>
        DecideAsync(id, StewardDecision.Actions.AcceptReview, cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(long id, CancellationToken cancellationToken) =>
        DecideAsync(id, StewardDecision.Actions.RejectReview, cancellationToken);

    private async Task<IActionResult> DecideAsync(long id, string action, CancellationToken cancellationToken)
    {
        var (outcome, review) = await reviews.DecideAsync(id, action, HttpContext, cancellationToken);
        Review = review;
        switch (outcome)
        {
            case ReviewDecisionOutcome.Decided:
                return LocalRedirect(UiPaths.Review(id));
            case ReviewDecisionOutcome.NotFound:
                return MissingAgreement();
        }
        Problems.Add(ReviewTexts.Problem(outcome switch
        {
            ReviewDecisionOutcome.AlreadyDecided => r => r.AlreadyDecided,
            ReviewDecisionOutcome.KeysDiffer => r => r.KeysDiffer,
            _ => r => r.Pending,
        }));
        Title = Text.ErrorTitlePrefix + Words.ReviewTitle;
        await ShowAsync(cancellationToken);
        Title = Text.ErrorTitlePrefix + Words.ReviewTitle;
        return Page();
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        if (Review is not { } review)
            return MissingAgreement();
        Title = Words.ReviewTitle;
        var record = await index.GetComparedValuesAsync(review.EnvelopeId, cancellationToken);
        var candidate = await index.GetComparedValuesAsync(review.CandidateEnvelopeId, cancellationToken);
        ValuesShown = record is not null && candidate is not null;
        Comparisons = ReviewComparisons.Of(review.Evidence, resolution.Value.LoadModel(), record, candidate);
        return Page();
    }
}
