using Exchange.Access.Agreements;
using Exchange.Hub.Steward;

namespace Exchange.Hub.Ui.Pages.Agreements;

/// <summary>The agreements in force now, as <c>GET /v1/steward/agreements</c> lists them.</summary>
public sealed class IndexModel(AgreementStore store, TimeProvider clock) : UiPage
{
    internal IReadOnlyList<AgreementResponse> Agreements { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Title = Text.AgreementsTitle;
        Agreements = [.. (await store.ListCurrentAsync(clock.GetUtcNow(), cancellationToken)).Select(a => a.ToResponse())];
    }
}
