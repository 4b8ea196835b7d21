using Exchange.Access.Enforcement;
using Exchange.Access.Tokens;
using Exchange.Core.Codes;
using Exchange.Hub.Authentication;
using Exchange.Hub.Ui.Graduates;
using Exchange.Hub.Ui.SignIn;
using Exchange.Index.Queries;
using Microsoft.Extensions.Options;

namespace Exchange.Hub.Ui.Pages.Me;

/// <summary>One sender's records, as the page groups them.</summary>
public sealed record SenderRecords(string Organisation, string? Role, IReadOnlyList<SubjectRecord> Records);

/// <summary>
/// What the hub holds about the graduate signed in: every record of the subject in the merged
/// index, read as the subjects API reads them and released through <see cref="SubjectOwnAccess"/>
/// (the subject's own access: nothing masked, every record audited), grouped by sender.
/// </summary>
public sealed class IndexModel(SubjectRecordReader reader, SubjectOwnAccess access, TimeProvider clock, IOptions<List<ClientRegistration>> clients) : UiPage
{
    internal IReadOnlyList<SenderRecords> Senders { get; private set; } = [];

    internal GraduateText Words => GraduateText.For(Language);

    internal static CodeListCatalog Codes => CodeListCatalog.Shipped;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Title = Words.MyRecordsTitle;
        var records = await reader.LatestBySubjectAsync(HttpContext.RequireSubjectKey(), cancellationToken);
        // The subject's own access masks nothing: what is shown is what was read, and it is audited first.
        await access.ReleaseAsync(HttpContext.RequireClient(), HttpContext.RequireSubjectKey(),
            [.. records.Select(r => new ReleaseCandidate(r.Kind, r.SourceOrganisation, r.Record))], AuditedRequest.Action(HttpContext), clock.GetUtcNow(),
            cancellationToken);
        Senders = [.. records.GroupBy(r => r.SourceOrganisation, StringComparer.Ordinal)
            .Select(g => new SenderRecords(g.Key, RoleOf(g.Key), [.. g.OrderBy(r => r.ReceivedAt)]))];
    }

    private string? RoleOf(string organisation) => clients.Value.Find(c => c.Organisation == organisation)?.Role;
}
