using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Consent;
using Exchange.Access.Decisions;
using Exchange.Access.Enforcement;
using Exchange.Access.Tests.Decisions;
using Exchange.Core.Model;
using Exchange.Testing;
using static Exchange.Access.Tests.Decisions.PolicyTestData;

namespace Exchange.Access.Tests.Enforcement;

/// <summary>
/// What the release paths' no-leak properties found, one example each: a search that releases a
/// subject found by data the caller may not read, a change feed whose handles lead nowhere, a
/// vacancy that carries a clear identifier out inside a nested object, a refusal not audited.
/// </summary>
public sealed class ReleaseNoLeakRegressionTests
{
    private const string SearchAction = "GET /v1/graduates";
    private static readonly ClientIdentity Employer = Caller(PartyRole.Employer, EmployerA);

    // The search's "available" filter reads whether any placement of the subject is placed (the
    // index's graduate_profile.placed); the filtered field is placement/destinationCode. Here the
    // only placement comes from an employer the caller has no agreement with: the caller may not
    // read it, yet the filter's answer about it was judged under the university's agreement.
    [Fact]
    public async Task A_subject_found_by_whether_it_is_placed_is_refused_when_the_caller_may_not_read_its_placement()
    {
        var (release, audit, directory) = Service(
            [Agreement(Grantee.OfOrganisation(EmployerA), [DataCategory.Education, DataCategory.Outcomes], [Purpose.Matching], provider: University)],
            [Grant(Grantee.OfOrganisation(EmployerA), [DataCategory.Education, DataCategory.Outcomes], [Purpose.Matching])]);
        SubjectCandidates subject = new(Subject, [Candidate("graduate", University, RecordDocuments.Graduate()), Candidate("placement", EmployerB, RecordDocuments.Placement())]);

        var page = await release.ReleasePageAsync(
            new PageReleaseRequest(Employer, Purpose.Matching, null, new HashSet<string> { "placement/destinationCode" }, SearchAction, Now), [subject], TestTimeout.Token());

        // The placement itself is not released to the caller: it may not read it.
        var fetched = await release.ReleaseSubjectAsync(new ReleaseRequest(Employer, Purpose.Matching, Subject, null, "GET /v1/graduates/{handle}", Now),
            subject.Records, TestTimeout.Token());
        Assert.Null(fetched.Document!["placements"]);
        Assert.Null(Assert.Single(page).Document);
        Assert.Contains(audit.Records, r => r.Rule == PolicyRules.FilterNotReleased);
        Assert.Equal(1, directory.Count);
    }

    // The index's profile takes its graduate fields from the latest graduate record of the subject,
    // whichever institution sent it; the release service cannot tell which, so a filter on a
    // graduate field holds only when the caller may read it of every graduate record.
    [Fact]
    public async Task A_subject_found_by_a_graduate_field_is_refused_when_the_caller_may_read_it_of_only_one_of_its_graduate_records()
    {
        const string OtherUniversity = "12100000400000899K";
        var (release, audit, directory) = Service(
            [Agreement(Grantee.OfOrganisation(EmployerA), [DataCategory.Education], [Purpose.Matching], provider: OtherUniversity)],
            [Grant(Grantee.OfOrganisation(EmployerA), [DataCategory.Education], [Purpose.Matching])]);
        var later = RecordDocuments.Graduate();
        later["cohort"] = 2025;
        SubjectCandidates subject = new(Subject, [Candidate("graduate", University, later), Candidate("graduate", OtherUniversity, RecordDocuments.Graduate())]);

        var page = await release.ReleasePageAsync(
            new PageReleaseRequest(Employer, Purpose.Matching, null, new HashSet<string> { "graduate/cohort" }, SearchAction, Now), [subject], TestTimeout.Token());

        Assert.Null(Assert.Single(page).Document);
        Assert.Contains(audit.Records, r => r.Rule == PolicyRules.FilterNotReleased);
        Assert.Equal(0, directory.Count);
    }

    // ReleaseService promises that each handle it releases is written to the handle directory, the
    // only way back from a handle to its subject; the change feed's are not, so a subscriber told of
    // a new graduate cannot fetch it (GET /v1/graduates/{handle}) or match for it by that handle.
    [Fact]
    public async Task A_handle_released_by_the_change_feed_resolves_for_the_subscribers_organisation_and_no_other()
    {
        var (release, _, directory) = Service(
            [Agreement(Grantee.OfOrganisation(EmployerA), [DataCategory.Education], [Purpose.Matching])],
            [Grant(Grantee.OfOrganisation(EmployerA), [DataCategory.Education], [Purpose.Matching])]);
        var created = new ChangeCandidate(1, ChangeTypes.RecordCreated, Now.AddHours(-1), Subject, null,
            new ChangedRecordCandidate("graduate", University, JsonSerializer.SerializeToElement(RecordDocuments.Graduate())), [new ChangedRecordSource("graduate", University)], null);

        var released = Assert.Single(await release.ReleaseChangesAsync(new ChangeReleaseRequest(Employer, Purpose.Matching, "GET /v1/changes", Now), [created], TestTimeout.Token()));

        Assert.Equal(Subject, await directory.ResolveAsync(EmployerA, released.Subject, TestTimeout.Token()));
        Assert.Null(await directory.ResolveAsync(EmployerB, released.Subject, TestTimeout.Token()));
    }

    // Vacancies are released whole but for clear identifiers, which the release service promises
    // never leave ("a stray residentId never leaves"); it removes them only at the top level, where
    // FieldMask removes them at any depth.
    [Fact]
    public async Task A_vacancy_is_released_without_a_clear_identifier_nested_inside_it()
    {
        var (release, _, _) = Service([], []);
        var vacancy = new JsonObject
        {
            ["recordId"] = "v-1", ["employerCreditCode"] = EmployerA, ["title"] = "会计",
            ["contact"] = new JsonObject { ["name"] = "王经理", ["residentId"] = "11010519491231002X" },
            ["positions"] = new JsonArray(new JsonObject { ["title"] = "出纳", ["certificateNumber"] = "1101051949123100211" }),
        };

        var released = Assert.Single(await release.ReleaseVacanciesAsync(
            new BatchReleaseRequest(Employer, Purpose.Matching, new HashSet<string> { "vacancy" }, "GET /v1/vacancies", Now),
            [Candidate("vacancy", EmployerA, vacancy)], TestTimeout.Token()));

        var text = released.ToJsonString();
        Assert.Equal("王经理", (string?)released["contact"]?["name"]);
        Assert.DoesNotContain("11010519491231002X", text, StringComparison.Ordinal);
        Assert.DoesNotContain("1101051949123100211", text, StringComparison.Ordinal);
    }

    // Every decision, refusals included, is audited; a subject whose records are none of the kinds
    // released subject by subject (a service, a feedback) is refused as one without records would be,
    // but nothing at all is written down of the read.
    [Fact]
    public async Task A_read_of_a_subject_holding_no_record_of_a_released_kind_is_audited_as_a_refusal()
    {
        var (release, audit, _) = Service(
            [Agreement(Grantee.OfOrganisation(EmployerA), [DataCategory.Education], [Purpose.Matching])],
            [Grant(Grantee.OfOrganisation(EmployerA), [DataCategory.Education], [Purpose.Matching])]);
        ReleaseCandidate[] services = [Candidate("service", University, new JsonObject { ["recordId"] = "s-1", ["serviceType"] = "career-guidance" })];

        var fetched = await release.ReleaseSubjectAsync(new ReleaseRequest(Employer, Purpose.Matching, Subject, null, "GET /v1/graduates/{handle}", Now),
            services, TestTimeout.Token());
        var matched = await release.ReleaseSubjectsAsync(new SubjectBatchRequest(Employer, Purpose.Matching, null, "POST /v1/match/vacancies/{jobId}", Now),
            [new SubjectInBatch(Subject, services, [])], TestTimeout.Token());

        Assert.Null(fetched.Document);
        Assert.Null(Assert.Single(matched));
        Assert.Equal(["GET /v1/graduates/{handle}", "POST /v1/match/vacancies/{jobId}"], audit.Records.Select(r => r.Action));
        Assert.All(audit.Records, r => Assert.Equal(("deny", Handles.Candidate(EmployerA, Subject)), (r.Decision, r.SubjectHandle)));
    }

    private static ReleaseCandidate Candidate(string kind, string provider, JsonObject record) => new(kind, provider, JsonSerializer.SerializeToElement(record));

    private static (ReleaseService Release, RecordingAuditLog Audit, MemoryHandleDirectory Directory) Service(
        IEnumerable<DataSharingAgreement> agreements, IEnumerable<ConsentGrant> consents)
    {
        var snapshot = PolicySnapshot.Create(agreements, consents);
        var audit = new RecordingAuditLog();
        var directory = new MemoryHandleDirectory();
        return (new ReleaseService(new PolicySnapshotCache(_ => Task.FromResult(snapshot), Handles), audit, Handles, directory, new ReleaseTelemetry(new TestMeters())),
            audit, directory);
    }
}
