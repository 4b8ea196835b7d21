using System.Text.Json;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Decisions;
using Exchange.Access.Enforcement;
using Exchange.Access.Tests.Decisions;
using Exchange.Testing;
using static Exchange.Access.Tests.Decisions.PolicyTestData;

namespace Exchange.Access.Tests.Enforcement;

/// <summary>A search's page released at once: each subject decided as one fetch decides it, hidden ones skipped, every decision audited, handles written down.</summary>
public sealed class ReleasePageTests
{
    private const string Action = "GET /v1/graduates";
    private const string Unconsented = "lk_unconsented";

    [Fact]
    public async Task A_page_releases_the_subjects_the_caller_may_see_masked_and_audits_the_others_as_refused()
    {
        var (release, audit, directory) = Release();
        var caller = Caller(PartyRole.Employer, EmployerA);

        var page = await release.ReleasePageAsync(new PageReleaseRequest(caller, Purpose.Matching, null, new HashSet<string>(), Action, Now),
            [Graduate(Subject), Graduate(Unconsented)], TestTimeout.Token());

        Assert.Equal(2, page.Count);
        var released = page[0].Document!;
        Assert.Null(page[1].Document);
        var graduate = released["graduate"]!.AsObject();
        Assert.True(graduate.ContainsKey("majorCode"));
        Assert.False(graduate.ContainsKey("name"));
        var handle = released["subject"]!.GetValue<string>();
        Assert.Equal(Subject, await directory.ResolveAsync(EmployerA, handle, TestTimeout.Token()));
        Assert.Equal(1, directory.Count);
        Assert.Contains(audit.Records, r => r.SubjectHandle == handle && r.Decision == "permit" && r.Action == Action);
        Assert.Contains(audit.Records, r => r.SubjectHandle == Handles.Candidate(EmployerA, Unconsented) && r.Decision == "deny");
    }

    [Fact]
    public async Task A_subject_found_by_a_field_the_caller_may_not_read_is_refused_with_the_filter_rule()
    {
        var (release, audit, directory) = Release();
        var caller = Caller(PartyRole.Employer, EmployerA);

        var page = await release.ReleasePageAsync(
            new PageReleaseRequest(caller, Purpose.Matching, null, new HashSet<string> { "graduate/majorCode", "placement/destinationCode" }, Action, Now),
            [Graduate(Subject)], TestTimeout.Token());
        var allowed = await release.ReleasePageAsync(
            new PageReleaseRequest(caller, Purpose.Matching, null, new HashSet<string> { "graduate/majorCode" }, Action, Now),
            [Graduate(Subject)], TestTimeout.Token());

        Assert.Null(Assert.Single(page).Document);
        Assert.NotNull(Assert.Single(allowed).Document);
        Assert.Contains(audit.Records, r => r.Decision == "deny" && r.Rule == PolicyRules.FilterNotReleased);
        Assert.Equal(1, directory.Count);
    }

    [Fact]
    public async Task A_page_that_may_release_one_subject_stops_deciding_after_it_and_leaves_the_rest_undecided_and_unaudited()
    {
        var (release, audit, directory) = Release();
        var caller = Caller(PartyRole.Employer, EmployerA);

        var page = await release.ReleasePageAsync(
            new PageReleaseRequest(caller, Purpose.Matching, null, new HashSet<string>(), Action, Now) { ReleaseAtMost = 1 },
            [Graduate(Unconsented), Graduate(Subject), Graduate("lk_never_decided")], TestTimeout.Token());

        Assert.Equal(2, page.Count);
        Assert.Null(page[0].Document);
        Assert.NotNull(page[1].Document);
        Assert.Equal(1, directory.Count);
        Assert.Equal(2, audit.Records.Select(r => r.SubjectHandle).Distinct().Count());
        Assert.Contains(audit.Records, r => r.SubjectHandle == Handles.Candidate(EmployerA, Unconsented) && r.Decision == "deny");
    }

    [Fact]
    public async Task A_match_batch_that_may_release_one_subject_stops_deciding_after_it()
    {
        var (release, audit, directory) = Release();
        var caller = Caller(PartyRole.Employer, EmployerA);

        var answers = await release.ReleaseSubjectsAsync(
            new SubjectBatchRequest(caller, Purpose.Matching, null, "POST /v1/match", Now) { ReleaseAtMost = 1 },
            [InBatch(Unconsented), InBatch(Subject), InBatch("lk_never_decided")], TestTimeout.Token());

        Assert.Equal(2, answers.Count);
        Assert.Null(answers[0]);
        Assert.NotNull(answers[1]);
        Assert.Equal(1, directory.Count);
        Assert.Equal(2, audit.Records.Select(r => r.SubjectHandle).Distinct().Count());
    }

    private static SubjectInBatch InBatch(string subjectKey) => new(subjectKey, Graduate(subjectKey).Records, []);

    private static (ReleaseService Release, RecordingAuditLog Audit, MemoryHandleDirectory Directory) Release()
    {
        var directory = new MemoryHandleDirectory();
        var audit = new RecordingAuditLog();
        var snapshot = PolicySnapshot.Create(
            [Agreement(Grantee.OfOrganisation(EmployerA), [DataCategory.Education], [Purpose.Matching], provider: University)],
            [Grant(Grantee.OfOrganisation(EmployerA), [DataCategory.Education], [Purpose.Matching])]);
        return (new ReleaseService(new PolicySnapshotCache(_ => Task.FromResult(snapshot), Handles), audit, Handles, directory, new ReleaseTelemetry(new TestMeters())),
            audit, directory);
    }

    private static SubjectCandidates Graduate(string subjectKey) =>
        new(subjectKey, [new ReleaseCandidate("graduate", University, JsonSerializer.SerializeToElement(RecordDocuments.Graduate()))]);
}
