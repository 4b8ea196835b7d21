using Exchange.Access.Agreements;
using Exchange.Hub.Steward;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Pages.Agreements;

/// <summary>Every version of one agreement, as <c>GET /v1/steward/agreements/{id}/history</c> gives them.</summary>
public sealed class HistoryModel(AgreementStore store) : UiPage
{
    internal IReadOnlyList<AgreementResponse> Versions { get; private set; } = [];

    /// <summary>The version just recorded, to say so.</summary>
    [BindProperty(SupportsGet = true, Name = "recorded")]
    public int? Recorded { get; set; }

    [BindProperty(SupportsGet = true, Name = "revoked")]
    public int? RevokedVersion { get; set; }

    internal AgreementResponse Latest => Versions[^1];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Versions = [.. (await store.GetHistoryAsync(id, cancellationToken)).Select(a => a.ToResponse())];
        if (Versions.Count == 0)
            return MissingAgreement();
        Title = Text.HistoryTitle;
        return Page();
    }
}
