using System.Text.Json;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Decisions;
using Exchange.Access.Enforcement;
using Exchange.Access.Tests.Decisions;
using Exchange.Testing;
using static Exchange.Access.Tests.Decisions.PolicyTestData;

namespace Exchange.Access.Tests.Enforcement;

/// <summary>The way back from a handle to its subject: only for the organisation the handle was released to.</summary>
[Collection(PostgresCollection.Name)]
public sealed class HandleDirectoryTests(PostgresFixture fixture)
{
    private static readonly DateTimeOffset Later = Now.AddDays(1).ToUniversalTime();

    [Fact]
    public async Task A_handle_resolves_for_the_organisation_it_was_released_to_and_for_no_other()
    {
        var directory = new PostgresHandleDirectory(await AccessDatabase.CreateAsync(fixture));
        var handle = Handles.Candidate(EmployerA, Subject);

        await directory.RememberAsync([new IssuedHandle(EmployerA, handle, Subject), new IssuedHandle(EmployerA, handle, Subject)], Now.ToUniversalTime(), TestTimeout.Token());

        Assert.Equal(Subject, await directory.ResolveAsync(EmployerA, handle, TestTimeout.Token()));
        Assert.Null(await directory.ResolveAsync(EmployerB, handle, TestTimeout.Token()));
        Assert.Null(await directory.ResolveAsync(EmployerA, "cand_aaaaaaaaaaaaaaaaaaaaaaaaaa", TestTimeout.Token()));
        Assert.Equal(Subject, await directory.ResolveForStewardAsync(handle, TestTimeout.Token()));
        Assert.Null(await directory.ResolveForStewardAsync(Handles.Candidate(EmployerB, Subject), TestTimeout.Token()));
    }

    [Fact]
    public async Task Remembering_a_page_of_handles_again_changes_nothing()
    {
        var directory = new PostgresHandleDirectory(await AccessDatabase.CreateAsync(fixture));
        var page = Enumerable.Range(0, 200).Select(i => new IssuedHandle(EmployerA, Handles.Candidate(EmployerA, $"lk_{i}"), $"lk_{i}")).ToList();

        await directory.RememberAsync(page, Now.ToUniversalTime(), TestTimeout.Token());
        await directory.RememberAsync(page, Later, TestTimeout.Token());
        await directory.RememberAsync([], Later, TestTimeout.Token());

        foreach (var issued in page.Where((_, i) => i % 37 == 0))
            Assert.Equal(issued.SubjectKey, await directory.ResolveAsync(EmployerA, issued.Handle, TestTimeout.Token()));
    }

    [Fact]
    public async Task A_release_writes_down_the_handle_it_gives_and_a_refusal_writes_nothing()
    {
        var directory = new MemoryHandleDirectory();
        var snapshot = PolicySnapshot.Create(
            [Agreement(Grantee.OfOrganisation(EmployerA), [DataCategory.Education], [Purpose.Matching], provider: University)],
            [Grant(Grantee.OfOrganisation(EmployerA), [DataCategory.Education], [Purpose.Matching])]);
        var release = new ReleaseService(new PolicySnapshotCache(_ => Task.FromResult(snapshot), Handles), new RecordingAuditLog(), Handles, directory,
            new ReleaseTelemetry(new TestMeters()));
        ReleaseCandidate[] records = [new("graduate", University, JsonSerializer.SerializeToElement(RecordDocuments.Graduate()))];

        var permitted = await release.ReleaseSubjectAsync(
            new ReleaseRequest(Caller(PartyRole.Employer, EmployerA), Purpose.Matching, Subject, null, "GET /v1/subjects/{subjectKey}", Now), records, TestTimeout.Token());
        var refused = await release.ReleaseSubjectAsync(
            new ReleaseRequest(Caller(PartyRole.Employer, EmployerB), Purpose.Matching, Subject, null, "GET /v1/subjects/{subjectKey}", Now), records, TestTimeout.Token());

        var handle = permitted.Document!["subject"]!.GetValue<string>();
        Assert.Equal(Subject, await directory.ResolveAsync(EmployerA, handle, TestTimeout.Token()));
        Assert.Null(refused.Document);
        Assert.Equal(1, directory.Count);
    }

    [Fact]
    public async Task A_subject_identified_by_a_released_record_keeps_its_identified_handle_when_a_later_record_is_refused()
    {
        var directory = new MemoryHandleDirectory();
        var snapshot = PolicySnapshot.Create(
            [Agreement(Grantee.OfOrganisation(EmployerA), [DataCategory.Education, DataCategory.Identity], [Purpose.Matching], provider: University)],
            [Grant(Grantee.OfOrganisation(EmployerA), [DataCategory.Education, DataCategory.Identity], [Purpose.Matching])]);
        var release = new ReleaseService(new PolicySnapshotCache(_ => Task.FromResult(snapshot), Handles), new RecordingAuditLog(), Handles, directory,
            new ReleaseTelemetry(new TestMeters()));
        // In kind order, as the index reads them: the placement, from a provider the caller has no agreement with, comes last.
        ReleaseCandidate[] records =
        [
            new("graduate", University, JsonSerializer.SerializeToElement(RecordDocuments.Graduate())),
            new("placement", EmployerB, JsonSerializer.SerializeToElement(RecordDocuments.Placement())),
        ];

        var released = await release.ReleaseSubjectAsync(
            new ReleaseRequest(Caller(PartyRole.Employer, EmployerA), Purpose.Matching, Subject, null, "GET /v1/subjects/{subjectKey}", Now), records, TestTimeout.Token());

        Assert.Null(released.Document!["placements"]);
        Assert.Equal(Handles.Identified(Subject), released.Document["subject"]!.GetValue<string>());
        Assert.Equal(Subject, await directory.ResolveAsync(EmployerA, Handles.Identified(Subject), TestTimeout.Token()));
    }

    [Theory]
    [InlineData("cand_abcdefghijklmnopqrstuvwxyz", true)]
    [InlineData("subj_234567abcdefghijklmnopqrst", true)]
    [InlineData("cand_abcdefghijklmnopqrstuvwxy", false)]
    [InlineData("cand_ABCDEFGHIJKLMNOPQRSTUVWXYZ", false)]
    [InlineData("cand_abcdefghijklmnopqrstuvwx1", false)]
    [InlineData("lk_abcdefghijklmnopqrstuvwxyzab", false)]
    [InlineData(null, false)]
    public void A_handle_is_told_by_its_shape(string? text, bool isHandle) => Assert.Equal(isHandle, SubjectHandles.IsHandle(text));

    [Fact]
    public void Every_handle_given_has_the_shape_of_one() =>
        Assert.All(Enumerable.Range(0, 100), i => Assert.True(SubjectHandles.IsHandle(i % 2 == 0 ? Handles.Candidate(EmployerA, $"lk_{i}") : Handles.Identified($"lk_{i}"))));
}
