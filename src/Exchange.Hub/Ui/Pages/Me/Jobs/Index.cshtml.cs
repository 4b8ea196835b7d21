using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Core.Codes;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Hub.Authentication;
using Exchange.Hub.Ui.Graduates;
using Exchange.Hub.Ui.Language;
using Exchange.Hub.Ui.SignIn;
using Exchange.Index.Matching;

namespace Exchange.Hub.Ui.Pages.Me.Jobs;

/// <summary>One recommendation as the page shows it: what it is, its facts in words, its score and each reason in the reader's language.</summary>
public sealed record Recommendation(string Title, IReadOnlyList<RecordField> Facts, int Points, IReadOnlyList<ReasonLine> Reasons);

/// <summary>One reason a job or programme was recommended, in words, and the points it added.</summary>
public sealed record ReasonLine(string Text, int Points);

/// <summary>
/// Why each job was recommended to the graduate signed in: the match API's ranking of open jobs for
/// the graduate's own record, best first, each job's facts and every reason behind its place, and the
/// programmes the graduate is eligible for. Read as the subject's own access and audited as such.
/// </summary>
public sealed class IndexModel(GraduateJobs jobs) : UiPage
{
    // The facts of a job and of a programme a graduate weighs first; the rest is on the employer's own posting.
    private static readonly string[] JobFacts = ["employerName", "workRegion", "payMin", "payMax", "contractType", "accessibilityFeatures", "inclusiveHiring", "validThrough"];
    private static readonly string[] ProgrammeFacts = ["issuerName", "benefit", "channel", "validThrough"];

    internal IReadOnlyList<Recommendation> Jobs { get; private set; } = [];

    internal IReadOnlyList<Recommendation> Programmes { get; private set; } = [];

    internal GraduateText Words => GraduateText.For(Language);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Title = Words.JobsTitle;
        var found = await jobs.ForAsync(HttpContext.RequireClient(), HttpContext.RequireSubjectKey(), AuditedRequest.Action(HttpContext), cancellationToken);
        Jobs = [.. found.Jobs.Select(j => new Recommendation(j.Item.Record.Title, Facts(j.Item.Record, RecordKind.Vacancy, JobFacts), j.Score.Points,
            Lines(j.Score.Reasons)))];
        Programmes = [.. found.Programmes.Select(p => new Recommendation(p.Policy.Title, Facts(p.Policy, RecordKind.Policy, ProgrammeFacts),
            p.Reasons.Sum(r => r.Points), Lines(p.Reasons)))];
    }

    private IReadOnlyList<ReasonLine> Lines(IEnumerable<MatchReason> reasons) =>
        [.. reasons.Select(r => new ReasonLine(Language == UiLanguage.English ? r.Text : r.TextZh, r.Points))];

    private IReadOnlyList<RecordField> Facts(ICanonicalRecord record, RecordKind kind, string[] names)
    {
        var whole = JsonNode.Parse(RecordJson.SerializeToUtf8Bytes(record, kind))!.AsObject();
        var picked = new JsonObject();
        foreach (var name in names)
        {
            if (whole[name] is { } value)
                picked[name] = value.DeepClone();
        }
        using var document = JsonDocument.Parse(picked.ToJsonString());
        return RecordFields.Of(kind.Name(), document.RootElement, Language, CodeListCatalog.Shipped);
    }
}
