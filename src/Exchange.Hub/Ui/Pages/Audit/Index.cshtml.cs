using Exchange.Access.Audit;
using Exchange.Hub.Steward;
using Exchange.Hub.Ui.Audit;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Pages.Audit;

/// <summary>The audit log filtered and paged as <c>GET /v1/steward/audit</c> reads it, oldest first.</summary>
public sealed class IndexModel(AuditQuery query) : AuditPage
{
    [BindProperty(SupportsGet = true)]
    public AuditFilter Filter { get; set; } = new();

    internal IReadOnlyList<AuditEntryResponse> Entries { get; private set; } = [];

    /// <summary>The <c>after</c> of the next page; null on the last.</summary>
    internal long? Next { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Title = Words.AuditTitle;
        var (filter, problems) = Filter.ToQuery();
        if (filter is null)
        {
            Problems = problems;
            Title = Text.ErrorTitlePrefix + Words.AuditTitle;
            return;
        }
        var page = await query.ReadAsync(filter, Math.Max(Filter.After ?? 0, 0), AuditFilter.PageSize, cancellationToken);
        Entries = [.. page.Entries.Select(e => e.ToResponse())];
        Next = page.NextAfter;
    }
}
