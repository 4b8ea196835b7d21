using Exchange.Hub.Steward;
using Exchange.Index.Queries;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Pages.Reviews;

/// <summary>The open reviews, oldest first, as <c>GET /v1/steward/reviews</c> lists them (and audits the read).</summary>
public sealed class IndexModel(ReviewDecisions reviews) : ReviewPage
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "after")]
    public long? After { get; set; }

    internal IReadOnlyList<ReviewView> Reviews { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Title = Words.QueueTitle;
        Reviews = await reviews.ListAsync("open", Math.Max(After ?? 0, 0), PageSize, HttpContext, cancellationToken);
    }
}
