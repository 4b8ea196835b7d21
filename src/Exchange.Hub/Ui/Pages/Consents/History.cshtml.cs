using Exchange.Hub.Steward;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Pages.Consents;

/// <summary>Every version of one consent, newest first, as <c>GET /v1/steward/consents/{sourceOrganisation}/{sourceRecordId}/history</c> lists them and audits the read.</summary>
public sealed class HistoryModel(StewardConsentReads reads) : ConsentPage
{
    internal IReadOnlyList<ConsentVersionResponse> Versions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string sourceOrganisation, string sourceRecordId, CancellationToken cancellationToken)
    {
        var versions = await reads.HistoryAsync(sourceOrganisation, sourceRecordId, HttpContext, cancellationToken);
        if (versions.Count == 0)
            return MissingConsent();
        Versions = [.. versions.Select(v => new ConsentVersionResponse(v.Number, v.Change, v.RecordedAt, v.Consent.ToResponse()))];
        Title = Words.HistoryTitle;
        return Page();
    }
}
