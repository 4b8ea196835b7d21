using Exchange.Access.Audit;
using Exchange.Core.Validation;
using Exchange.Hub.Authentication;
using Exchange.Index.Merging;
using Exchange.Index.Queries;

namespace Exchange.Hub.Steward;

/// <summary>
/// Entity resolution for stewards: the evidence of a link, the review queue, and the decisions
/// (accept or reject a review, split a record off its subject). Decisions travel through the log
/// to the merger; the answer comes once the index shows them. Every call is audited.
/// </summary>
internal static class ResolutionApi
{
    private static readonly TimeSpan DecisionWait = TimeSpan.FromSeconds(30);

    private const int MaxReviewsLimit = 1000;

    public static RouteGroupBuilder MapResolution(this RouteGroupBuilder steward)
    {
        var links = steward.MapGroup("/links").WithTags("Resolution");
        links.MapGet("/{envelopeId:guid}", GetLinkAsync).Produces<LinkView>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Why a record belongs to its subject: rule, score, who decided, and the weight of each comparison as a waterfall");
        links.MapPost("/{envelopeId:guid}/split", SplitAsync).ProducesDecision<LinkView>()
            .WithSummary("The record is not this person: split it (with every version of its source record) into a new subject");
        steward.MapGet("/subjects/{subjectId:long}", GetSubjectAsync).WithTags("Resolution")
            .Produces<SubjectView>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A subject: its records in force with why each belongs to it, and the golden record with the lineage of every field");
        var reviews = steward.MapGroup("/reviews").WithTags("Resolution");
        reviews.MapGet("/", ListReviewsAsync).Produces<IReadOnlyList<ReviewView>>().ProducesValidationProblem().WithSummary("Pairs left to a steward, oldest first (state=open by default)");
        reviews.MapGet("/{reviewId:long}", GetReviewAsync).Produces<ReviewView>().ProducesProblem(StatusCodes.Status404NotFound).WithSummary("One review with its evidence");
        reviews.MapPost("/{reviewId:long}/accept", (long reviewId, HttpContext context, ReviewDecisions reviewDecisions, CancellationToken cancellationToken) =>
            DecideReviewAsync(reviewId, StewardDecision.Actions.AcceptReview, context, reviewDecisions, cancellationToken))
            .ProducesDecision<ReviewView>()
            .WithSummary("The two records are one person: their subjects merge into the older");
        reviews.MapPost("/{reviewId:long}/reject", (long reviewId, HttpContext context, ReviewDecisions reviewDecisions, CancellationToken cancellationToken) =>
            DecideReviewAsync(reviewId, StewardDecision.Actions.RejectReview, context, reviewDecisions, cancellationToken))
            .ProducesDecision<ReviewView>()
            .WithSummary("The two records are two people: the merger never links them again");
        return steward;
    }

    // A steward's decision: what it left, or no such link or review, a conflict with what is known, or not yet applied by the merger.
    private static RouteHandlerBuilder ProducesDecision<TView>(this RouteHandlerBuilder endpoint) => endpoint
        .Produces<TView>()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> GetLinkAsync(Guid envelopeId, HttpContext context, IndexReviews index, IAuditLog audit, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var link = await index.GetLinkAsync(envelopeId, cancellationToken);
        await AuditAsync(context, audit, clock, link is null ? "deny" : "permit", link is null ? "link.unknown" : "steward.link-read", cancellationToken);
        return link is null ? TypedResults.NotFound() : TypedResults.Ok(link);
    }

    private static async Task<IResult> GetSubjectAsync(long subjectId, HttpContext context, SubjectGoldenRecords subjects, IAuditLog audit, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var subject = await subjects.ReadAsync(subjectId, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), cancellationToken);
        await AuditAsync(context, audit, clock, subject is null ? "deny" : "permit", subject is null ? "subject.unknown" : "steward.subject-read", cancellationToken);
        return subject is null ? TypedResults.NotFound() : TypedResults.Ok(subject);
    }

    private static async Task<IResult> ListReviewsAsync(string? state, long? after, int? limit, HttpContext context, ReviewDecisions reviewDecisions,
        CancellationToken cancellationToken)
    {
        state ??= "open";
        if (state is not ("open" or "accepted" or "rejected" or "superseded"))
        {
            return QueryParameterProblems.Invalid(StewardApi.Family, "state", "state is open, accepted, rejected or superseded.",
                "state 应为 open、accepted、rejected 或 superseded。");
        }

        if (limit is < 1 or > MaxReviewsLimit)
            return StewardApi.LimitOutOfRange(MaxReviewsLimit);
        var reviews = await reviewDecisions.ListAsync(state, after ?? 0, limit ?? 100, context, cancellationToken);
        return TypedResults.Ok(reviews);
    }

    private static async Task<IResult> GetReviewAsync(long reviewId, HttpContext context, ReviewDecisions reviewDecisions, CancellationToken cancellationToken)
    {
        var review = await reviewDecisions.GetAsync(reviewId, context, cancellationToken);
        return review is null ? TypedResults.NotFound() : TypedResults.Ok(review);
    }

    private static async Task<IResult> DecideReviewAsync(long reviewId, string action, HttpContext context, ReviewDecisions reviewDecisions,
        CancellationToken cancellationToken)
    {
        var (outcome, review) = await reviewDecisions.DecideAsync(reviewId, action, context, cancellationToken);
        return outcome switch
        {
            ReviewDecisionOutcome.NotFound => TypedResults.NotFound(),
            ReviewDecisionOutcome.AlreadyDecided => Conflict("review-decided", "Review already decided",
                $"The review is {review!.State}; only an open review can be decided."),
            ReviewDecisionOutcome.Pending => Pending(),
            ReviewDecisionOutcome.KeysDiffer => Conflict("review-keys-differ", "The subjects hold different resident ids",
                "The two subjects each hold a linkage key of their own: two resident ids are two people, so they cannot be merged. Reject the review instead."),
            _ => TypedResults.Ok(review),
        };
    }

    private static async Task<IResult> SplitAsync(Guid envelopeId, HttpContext context, IndexReviews index, StewardDecisions decisions, IAuditLog audit,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var link = await index.GetLinkAsync(envelopeId, cancellationToken);
        if (link is null)
        {
            await AuditAsync(context, audit, clock, "deny", "link.unknown", cancellationToken);
            return TypedResults.NotFound();
        }
        if (link.Rule == "linkage-key")
        {
            await AuditAsync(context, audit, clock, "deny", "link.key-proven", cancellationToken);
            return Conflict("link-key-proven", "Linked by resident id",
                "The record carries the resident id its subject is known by; a split would separate one person. Correct the record at its source instead.");
        }

        var caller = context.RequireClient();
        await AuditAsync(context, audit, clock, "permit", "steward.link-split", cancellationToken);
        if (!await decisions.DecideAsync(new StewardDecision(StewardDecision.Actions.SplitLink, envelopeId, null, caller.Organisation, caller.ClientId, clock.GetUtcNow()),
                DecisionWait, cancellationToken))
        {
            return Pending();
        }
        return TypedResults.Ok(await index.GetLinkAsync(envelopeId, cancellationToken));
    }

    private static Task AuditAsync(HttpContext context, IAuditLog audit, TimeProvider clock, string decision, string rule, CancellationToken cancellationToken)
    {
        var caller = context.RequireClient();
        return audit.AppendAsync(new AuditRecord(clock.GetUtcNow(), caller.ClientId, caller.Organisation, "", "", AuditedRequest.Action(context), [], decision, rule),
            cancellationToken);
    }

    private static IResult Conflict(string type, string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail, type: ProblemTypes.For(type));

    // The decision is in the log and will apply; the steward sees it on a retry.
    private static IResult Pending() => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Recorded, not yet applied", detail: "The decision was appended to the log but the merger has not applied it yet; read it again shortly.",
        type: ProblemTypes.For("decision-pending"));
}
