using System.Text.Json;
using Exchange.Access.Agreements;
using Exchange.Access.Audit;
using Exchange.Access.Clients;
using Exchange.Access.Consent;
using Exchange.Access.Decisions;
using Exchange.Access.Enforcement;
using Exchange.Core.Model;
using Exchange.Testing;
using static Exchange.Access.Tests.Decisions.PolicyTestData;

namespace Exchange.Access.Tests.Decisions;

/// <summary>The change feed through the release service: what each kind of change releases, to whom, under which handles, and what is audited.</summary>
public sealed class ChangeReleaseTests
{
    private const string Action = "GET /v1/changes";
    private const string Hidden = "lk_subject_hidden";
    private const string Merged = "lk_subject_merged_away";
    private static readonly ClientIdentity Employer = Caller(PartyRole.Employer, EmployerA);
    private static readonly ClientIdentity OtherEmployer = Caller(PartyRole.Employer, EmployerB);
    private static readonly ClientIdentity Unagreed = Caller(PartyRole.Matcher, Matcher);
    // Identity left out: with it the subject would be named by its identified handle, the same for everyone.
    private static readonly DataCategory[] Shared = [DataCategory.Education, DataCategory.Contact];
    private static readonly ChangedRecordSource Graduates = new("graduate", University);

    [Fact]
    public async Task A_create_is_released_masked_under_the_callers_handle_and_a_subject_without_consent_is_dropped_and_both_are_audited()
    {
        var audit = new RecordingAuditLog();
        var release = Service(audit, Grant(Grantee.OfOrganisation(EmployerA), Shared, [Purpose.Matching]));
        var graduate = JsonSerializer.SerializeToElement(RecordDocuments.Graduate());

        var released = await release.ReleaseChangesAsync(Request(Employer),
            [Created(1, Subject, graduate), Created(2, Hidden, graduate), Created(3, Subject, graduate)], CancellationToken.None);

        Assert.Equal([1L, 3L], released.Select(r => r.Sequence));
        var first = released[0];
        Assert.Equal(ChangeTypes.RecordCreated, first.Type);
        Assert.Equal(Handles.Candidate(EmployerA, Subject), first.Subject);
        Assert.Equal(("graduate", University), (first.RecordKind, first.Provider));
        Assert.NotNull(first.Data!["educationLevel"]);
        Assert.Null(first.Data!["name"]);
        Assert.Null(first.Data!["hardshipFlags"]);
        Assert.DoesNotContain(Subject, JsonSerializer.Serialize(released), StringComparison.Ordinal);
        Assert.Equal(["permit", "deny", "permit"], audit.Records.Select(r => r.Decision));
        Assert.Equal(PolicyRules.ConsentNone, audit.Records[1].Rule);
        Assert.Equal(Handles.Candidate(EmployerA, Hidden), audit.Records[1].SubjectHandle);
        Assert.All(audit.Records, r => Assert.Equal((Action, "matching"), (r.Action, r.Purpose)));
        Assert.Empty(audit.Records[1].FieldsReleased);
    }

    [Fact]
    public async Task A_subscriber_with_no_agreement_is_released_nothing_and_every_refusal_is_audited()
    {
        var audit = new RecordingAuditLog();
        var release = Service(audit, Grant(Grantee.OfOrganisation(EmployerA), Shared, [Purpose.Matching]));
        var graduate = JsonSerializer.SerializeToElement(RecordDocuments.Graduate());

        var released = await release.ReleaseChangesAsync(Request(Unagreed), [Created(1, Subject, graduate), Merge(2, Subject, Merged)], CancellationToken.None);

        Assert.Empty(released);
        Assert.Equal(2, audit.Records.Count);
        Assert.All(audit.Records, r => Assert.Equal(("deny", PolicyRules.AgreementNone), (r.Decision, r.Rule)));
    }

    [Fact]
    public async Task A_merge_says_from_handle_to_handle_and_a_delete_names_the_handle_and_the_record_never_the_key()
    {
        var audit = new RecordingAuditLog();
        var release = Service(audit, Grant(Grantee.OfOrganisation(EmployerA), Shared, [Purpose.Matching]));
        var deleted = new ChangeCandidate(5, ChangeTypes.RecordDeleted, Now.AddHours(-1), Subject, null, new ChangedRecordCandidate("graduate", University, null), [], null);

        var released = await release.ReleaseChangesAsync(Request(Employer), [Merge(4, Subject, Merged), deleted], CancellationToken.None);

        var merge = released[0];
        Assert.Equal((ChangeTypes.SubjectMerged, Handles.Candidate(EmployerA, Subject), Handles.Candidate(EmployerA, Merged)), (merge.Type, merge.Subject, merge.From));
        Assert.Null(merge.Data);
        var delete = released[1];
        Assert.Equal((ChangeTypes.RecordDeleted, Handles.Candidate(EmployerA, Subject), "graduate", University), (delete.Type, delete.Subject, delete.RecordKind, delete.Provider));
        Assert.Null(delete.Data);
        var text = JsonSerializer.Serialize(released);
        Assert.DoesNotContain(Subject, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Merged, text, StringComparison.Ordinal);
        Assert.Equal(["change/subject.merged", "change/record.deleted"], audit.Records.Select(r => Assert.Single(r.FieldsReleased)));
    }

    [Fact]
    public async Task A_withdrawal_reaches_the_subscriber_it_cut_off_and_the_subjects_records_stop_for_it_but_not_a_subscriber_under_another_consent()
    {
        var withdrawnAt = Now.AddDays(-2);
        var audit = new RecordingAuditLog();
        var release = Service(audit,
            Grant(Grantee.OfOrganisation(EmployerA), Shared, [Purpose.Matching], withdrawnAt: withdrawnAt),
            Grant(Grantee.OfOrganisation(EmployerB), Shared, [Purpose.Matching]));
        var graduate = JsonSerializer.SerializeToElement(RecordDocuments.Graduate());
        ChangeCandidate[] changes =
        [
            new(7, ChangeTypes.ConsentWithdrawn, Now.AddDays(-1), Subject, null, null, [Graduates], withdrawnAt),
            Created(8, Subject, graduate) with { Type = ChangeTypes.RecordUpdated },
        ];

        var cutOff = await release.ReleaseChangesAsync(Request(Employer), changes, CancellationToken.None);
        var unaffected = await release.ReleaseChangesAsync(Request(OtherEmployer), changes, CancellationToken.None);

        var withdrawal = Assert.Single(cutOff);
        Assert.Equal((ChangeTypes.ConsentWithdrawn, Handles.Candidate(EmployerA, Subject)), (withdrawal.Type, withdrawal.Subject));
        Assert.Equal([ChangeTypes.RecordUpdated], unaffected.Select(c => c.Type));
        Assert.Contains(audit.Records, r => r.CallerOrganisation == EmployerA && r.Decision == "deny" && r.Rule == PolicyRules.ConsentWithdrawn);
    }

    [Fact]
    public async Task An_erasure_caused_by_a_withdrawal_is_judged_just_before_the_withdrawal()
    {
        var withdrawnAt = Now.AddDays(-2);
        var release = Service(new RecordingAuditLog(), Grant(Grantee.OfOrganisation(EmployerA), Shared, [Purpose.Matching], withdrawnAt: withdrawnAt));

        var released = await release.ReleaseChangesAsync(Request(Employer),
            [new ChangeCandidate(9, ChangeTypes.SubjectErased, Now.AddDays(-1), Subject, null, null, [Graduates], withdrawnAt)], CancellationToken.None);

        Assert.Equal((ChangeTypes.SubjectErased, Handles.Candidate(EmployerA, Subject)), (Assert.Single(released).Type, released[0].Subject));
    }

    [Fact]
    public async Task A_change_about_a_subject_known_by_no_key_is_released_to_nobody_and_the_refusal_is_audited()
    {
        var audit = new RecordingAuditLog();
        var release = Service(audit, Grant(Grantee.OfOrganisation(EmployerA), Shared, [Purpose.Matching]));

        var released = await release.ReleaseChangesAsync(Request(Employer), [Merge(10, null, null)], CancellationToken.None);

        Assert.Empty(released);
        Assert.Equal(("deny", PolicyRules.SubjectMissing), (Assert.Single(audit.Records).Decision, audit.Records[0].Rule));
    }

    [Fact]
    public async Task A_page_audited_permits_for_changes_past_its_last_released_one_which_it_never_delivered()
    {
        var audit = new RecordingAuditLog();
        var release = Service(audit, Grant(Grantee.OfOrganisation(EmployerA), Shared, [Purpose.Matching]));
        var graduate = JsonSerializer.SerializeToElement(RecordDocuments.Graduate());

        var released = await release.ReleaseChangesAsync(Request(Employer) with { ReleaseAtMost = 2 },
            [Created(1, Subject, graduate), Created(2, Hidden, graduate), Created(3, Subject, graduate), Created(4, Hidden, graduate), Created(5, Subject, graduate)],
            CancellationToken.None);

        // Deciding stops at the second change released: the two after it are left for the next page, undecided and unaudited.
        Assert.Equal([1L, 3L], released.Select(r => r.Sequence));
        Assert.Equal(["permit", "deny", "permit"], audit.Records.Select(r => r.Decision));
    }

    private static ChangeReleaseRequest Request(ClientIdentity caller) => new(caller, Purpose.Matching, Action, Now);

    private static ChangeCandidate Created(long sequence, string subject, JsonElement record) =>
        new(sequence, ChangeTypes.RecordCreated, Now.AddHours(-2), subject, null, new ChangedRecordCandidate("graduate", University, record), [Graduates], null);

    private static ChangeCandidate Merge(long sequence, string? into, string? from) =>
        new(sequence, ChangeTypes.SubjectMerged, Now.AddHours(-1), into, from, null, [Graduates], null);

    private static ReleaseService Service(IAuditLog audit, params ConsentGrant[] consents)
    {
        var snapshot = PolicySnapshot.Create(
        [
            Agreement(Grantee.OfOrganisation(EmployerA), Shared, [Purpose.Matching], provider: University),
            Agreement(Grantee.OfOrganisation(EmployerB), Shared, [Purpose.Matching], provider: University),
        ], consents);
        return new ReleaseService(new PolicySnapshotCache(_ => Task.FromResult(snapshot), Handles), audit, Handles, new MemoryHandleDirectory(), new ReleaseTelemetry(new TestMeters()));
    }
}
