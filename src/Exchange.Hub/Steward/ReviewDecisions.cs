using Exchange.Access.Audit;
using Exchange.Hub.Authentication;
using Exchange.Index.Merging;
using Exchange.Index.Queries;

namespace Exchange.Hub.Steward;

/// <summary>What a steward's decision on a review came to.</summary>
public enum ReviewDecisionOutcome
{
    /// <summary>Applied: the review is accepted or rejected.</summary>
    Decided,

    /// <summary>No review has the id.</summary>
    NotFound,

    /// <summary>The review was decided before; only an open review can be.</summary>
    AlreadyDecided,

    /// <summary>In the log, not yet applied by the merger.</summary>
    Pending,

    /// <summary>Accepting would merge two subjects that each hold a resident id of their own: two people.</summary>
    KeysDiffer,
}

/// <summary>
/// The review queue's reads and decisions, each audited as the caller's request — one sequence for
/// the steward API and the pages, so neither decides or audits differently. Decisions travel
/// through the log to the merger; the answer comes once the index shows them.
/// </summary>
public sealed class ReviewDecisions(IndexReviews index, StewardDecisions decisions, IAuditLog audit, TimeProvider clock)
{
    private static readonly TimeSpan DecisionWait = TimeSpan.FromSeconds(30);

    public async Task<IReadOnlyList<ReviewView>> ListAsync(string state, long afterId, int limit, HttpContext context, CancellationToken cancellationToken)
    {
        var reviews = await index.ListAsync(state, afterId, limit, cancellationToken);
        await AuditAsync(context, "permit", "steward.reviews-read", cancellationToken);
        return reviews;
    }

    public async Task<ReviewView?> GetAsync(long reviewId, HttpContext context, CancellationToken cancellationToken)
    {
        var review = await index.GetReviewAsync(reviewId, cancellationToken);
        await AuditAsync(context, review is null ? "deny" : "permit", review is null ? "review.unknown" : "steward.reviews-read", cancellationToken);
        return review;
    }

    /// <summary>Accepts or rejects (<see cref="StewardDecision.Actions"/>) an open review; returns the outcome and the review as it stands after.</summary>
    public async Task<(ReviewDecisionOutcome Outcome, ReviewView? Review)> DecideAsync(long reviewId, string action, HttpContext context,
        CancellationToken cancellationToken)
    {
        var review = await index.GetReviewAsync(reviewId, cancellationToken);
        if (review is null)
        {
            await AuditAsync(context, "deny", "review.unknown", cancellationToken);
            return (ReviewDecisionOutcome.NotFound, null);
        }
        if (review.State != "open")
        {
            await AuditAsync(context, "deny", "review.decided", cancellationToken);
            return (ReviewDecisionOutcome.AlreadyDecided, review);
        }

        var caller = context.RequireClient();
        var decision = new StewardDecision(action, review.EnvelopeId, review.CandidateEnvelopeId, caller.Organisation, caller.ClientId, clock.GetUtcNow());
        await AuditAsync(context, "permit", action == StewardDecision.Actions.AcceptReview ? "steward.review-accept" : "steward.review-reject", cancellationToken);
        if (!await decisions.DecideAsync(decision, DecisionWait, cancellationToken))
            return (ReviewDecisionOutcome.Pending, review);
        var decided = await index.GetReviewAsync(reviewId, cancellationToken);
        return (decided?.State == "open" ? ReviewDecisionOutcome.KeysDiffer : ReviewDecisionOutcome.Decided, decided);
    }

    private Task AuditAsync(HttpContext context, string decision, string rule, CancellationToken cancellationToken)
    {
        var caller = context.RequireClient();
        return audit.AppendAsync(new AuditRecord(clock.GetUtcNow(), caller.ClientId, caller.Organisation, "", "", AuditedRequest.Action(context), [], decision, rule),
            cancellationToken);
    }
}
