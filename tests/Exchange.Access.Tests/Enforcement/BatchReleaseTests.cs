using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Access.Agreements;
using Exchange.Access.Audit;
using Exchange.Access.Clients;
using Exchange.Access.Consent;
using Exchange.Access.Decisions;
using Exchange.Access.Enforcement;
using Exchange.Access.Tests.Audit;
using Exchange.Access.Tests.Decisions;
using Exchange.Testing;
using static Exchange.Access.Tests.Decisions.PolicyTestData;

namespace Exchange.Access.Tests.Enforcement;

/// <summary>
/// The release service's batch reads for bulk export: many subjects decided in one pass and audited
/// in one write, vacancies released as what they are, and notices of withdrawal only to those that
/// were given the data.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BatchReleaseTests(PostgresFixture postgres)
{
    private const string Action = "POST /v1/$export";
    private static readonly ClientIdentity EmployerCaller = Caller(PartyRole.Employer, EmployerA);
    private static readonly HashSet<string> AllKinds = new(["graduate", "certification", "placement"], StringComparer.Ordinal);

    [Fact]
    public async Task A_batch_releases_only_the_consenting_subjects_masked_and_audits_every_decision_in_one_write()
    {
        var audit = new CountingAuditLog();
        var release = Service(
            [Agreement(Grantee.OfOrganisation(EmployerA), [DataCategory.Education], [Purpose.Matching])],
            [Grant(Grantee.OfOrganisation(EmployerA), [DataCategory.Education], [Purpose.Matching], subject: "lk_consented")],
            audit);

        var released = await release.ReleaseRecordsAsync(new BatchReleaseRequest(EmployerCaller, Purpose.Matching, AllKinds, Action, Now),
            [Subject("lk_consented"), Subject("lk_silent")], CancellationToken.None);

        var record = Assert.Single(released);
        Assert.Equal("graduate", record.Kind);
        Assert.Equal(Handles.Candidate(EmployerA, "lk_consented"), record.SubjectHandle);
        Assert.Equal("会计学", (string?)record.Record["majorName"]);
        Assert.Null(record.Record["name"]);
        Assert.Null(record.Record["residentId"]);
        Assert.Null(record.Record["contact"]);
        Assert.DoesNotContain("lk_", record.Record.ToJsonString(), StringComparison.Ordinal);

        // Two subjects × (graduate, certification, placement): six decisions, one write.
        Assert.Equal(1, audit.Writes);
        Assert.Equal(6, audit.Records.Count);
        Assert.Single(audit.Records, r => r.Decision == "permit");
        Assert.Equal(3, audit.Records.Count(r => r.SubjectHandle == Handles.Candidate(EmployerA, "lk_silent") && r.Decision == "deny"));
        Assert.All(audit.Records, r => Assert.Equal((Action, "matching"), (r.Action, r.Purpose)));
    }

    [Fact]
    public async Task A_batch_decides_only_the_kinds_asked_for()
    {
        var audit = new CountingAuditLog();
        var release = Service(
            [Agreement(Grantee.OfOrganisation(EmployerA), [DataCategory.Education, DataCategory.Outcomes], [Purpose.Matching])],
            [Grant(Grantee.OfOrganisation(EmployerA), [DataCategory.Education, DataCategory.Outcomes], [Purpose.Matching], subject: "lk_consented")],
            audit);

        var released = await release.ReleaseRecordsAsync(
            new BatchReleaseRequest(EmployerCaller, Purpose.Matching, new HashSet<string>(["placement"], StringComparer.Ordinal), Action, Now),
            [Subject("lk_consented")], CancellationToken.None);

        Assert.Equal(["placement"], released.Select(r => r.Kind));
        Assert.Equal("2-02-38-01", (string?)released[0].Record["occupationCode"]);
        Assert.Single(audit.Records);
    }

    [Fact]
    public async Task Vacancies_are_released_without_clear_identifiers_and_audited_once_per_batch_under_their_own_rule()
    {
        var audit = new CountingAuditLog();
        var release = Service([], [], audit);
        var vacancy = new JsonObject
        {
            ["recordId"] = "v-1", ["employerCreditCode"] = EmployerA, ["title"] = "会计", ["workRegion"] = "110105",
            ["residentId"] = "11010519491231002X",
        };

        var released = await release.ReleaseVacanciesAsync(new BatchReleaseRequest(EmployerCaller, Purpose.Matching, AllKinds, Action, Now),
            [Candidate("vacancy", EmployerA, vacancy), Candidate("vacancy", EmployerA, vacancy)], CancellationToken.None);

        Assert.Equal(2, released.Count);
        Assert.All(released, v => Assert.Null(v["residentId"]));
        Assert.Equal("会计", (string?)released[0]["title"]);
        var entry = Assert.Single(audit.Records);
        Assert.Equal(("permit", ReleaseService.VacancyRule, ""), (entry.Decision, entry.Rule, entry.SubjectHandle));
        Assert.Equal(["vacancy/employerCreditCode", "vacancy/recordId", "vacancy/title", "vacancy/workRegion"], entry.FieldsReleased);
    }

    [Fact]
    public async Task A_withdrawal_notice_goes_only_to_an_organisation_that_was_given_the_subjects_data_and_is_audited()
    {
        var database = await AuditTestDatabase.CreateAsync(postgres, TestTimeout.Token());
        var log = new PostgresAuditLog(database.DataSource);
        var snapshot = PolicySnapshot.Create([], []);
        var release = new ReleaseService(new PolicySnapshotCache(_ => Task.FromResult(snapshot), Handles), log, Handles,
            new MemoryHandleDirectory(), new ReleaseTelemetry(new TestMeters()), new ReleaseHistory(database.DataSource));
        var given = Handles.Candidate(EmployerA, "lk_given");
        await log.AppendAsync(new AuditRecord(Now.AddDays(-3), EmployerCaller.ClientId, EmployerA, "matching", given, "GET /v1/subjects/{subjectKey}",
            ["graduate/majorName"], "permit", PolicyRules.Permit), TestTimeout.Token());
        // Refused reads and another organisation's releases say nothing about what this one holds.
        await log.AppendAsync(new AuditRecord(Now.AddDays(-3), EmployerCaller.ClientId, EmployerA, "matching", Handles.Candidate(EmployerA, "lk_refused"),
            "GET /v1/subjects/{subjectKey}", [], "deny", PolicyRules.ConsentNone), TestTimeout.Token());
        await log.AppendAsync(new AuditRecord(Now.AddDays(-3), "other", EmployerB, "matching", Handles.Candidate(EmployerB, "lk_other"),
            "GET /v1/subjects/{subjectKey}", ["graduate/majorName"], "permit", PolicyRules.Permit), TestTimeout.Token());

        var notices = await release.ReleaseDeletionNoticesAsync(new BatchReleaseRequest(EmployerCaller, Purpose.Matching, AllKinds, Action, Now),
            ["lk_given", "lk_refused", "lk_other", "lk_never_seen"], TestTimeout.Token());

        Assert.Equal([given], notices);
        var page = await new AuditQuery(database.DataSource).ReadAsync(new AuditQueryFilter(SubjectHandle: given), 0, 10, TestTimeout.Token());
        Assert.Contains(page.Entries, e => e.Record.Rule == ReleaseService.DeletionNoticeRule && e.Record.Decision == "permit" && e.Record.Action == Action);
    }

    private static SubjectCandidates Subject(string key) => new(key,
    [
        Candidate("graduate", University, RecordDocuments.Graduate()),
        Candidate("certification", Bureau, RecordDocuments.Certification()),
        Candidate("placement", EmployerA, RecordDocuments.Placement()),
    ]);

    private static ReleaseCandidate Candidate(string kind, string provider, JsonObject record) =>
        new(kind, provider, JsonDocument.Parse(record.ToJsonString()).RootElement.Clone());

    private static ReleaseService Service(IEnumerable<DataSharingAgreement> agreements, IEnumerable<ConsentGrant> consents, IAuditLog audit)
    {
        var snapshot = PolicySnapshot.Create(agreements, consents);
        return new ReleaseService(new PolicySnapshotCache(_ => Task.FromResult(snapshot), Handles), audit, Handles, new MemoryHandleDirectory(), new ReleaseTelemetry(new TestMeters()));
    }

    /// <summary>Keeps what is appended and how many writes it took.</summary>
    private sealed class CountingAuditLog : IAuditLog
    {
        private readonly RecordingAuditLog _inner = new();

        public int Writes { get; private set; }

        public IReadOnlyList<AuditRecord> Records => _inner.Records;

        public Task<long> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
        {
            Writes++;
            return _inner.AppendAsync(record, cancellationToken);
        }

        public Task<IReadOnlyList<long>> AppendManyAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
        {
            Writes++;
            return _inner.AppendManyAsync(records, cancellationToken);
        }
    }
}
