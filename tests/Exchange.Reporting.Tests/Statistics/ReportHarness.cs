using Exchange.Access.Agreements;
using Exchange.Access.Audit;
using Exchange.Access.Clients;
using Exchange.Access.Consent;
using Exchange.Access.Decisions;
using Exchange.Access.Enforcement;
using Exchange.Index;
using Exchange.Postgres;
using Exchange.Reporting.Statistics;
using Exchange.Testing;
using Exchange.Testing.Reports;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Exchange.Reporting.Tests.Statistics;

/// <summary>A migrated index holding a generated cohort, and a report service over it with the agreements and consents a test gives.</summary>
internal sealed class ReportHarness
{
    public const string Bureau = "11410000MB0123456B";
    public const int Cohort = 2026;

    public static readonly DateTimeOffset Now = new(2027, 9, 1, 4, 0, 0, TimeSpan.Zero);

    public static readonly ClientIdentity BureauCaller = new("henan-bureau", Bureau, PartyRole.Bureau, new HashSet<string> { "reports:read" });

    private static readonly SubjectHandles Handles = new([.. Enumerable.Range(1, 32).Select(i => (byte)i)]);

    public required NpgsqlDataSource Database { get; init; }

    public required IndexPopulation Population { get; init; }

    public required int Graduates { get; init; }

    public RecordingAuditLog AuditLog { get; } = new();

    public IReadOnlyList<AuditRecord> Audit => AuditLog.Records;

    public static async Task<ReportHarness> LoadAsync(PostgresFixture postgres, int graduates)
    {
        PartSchema[] parts = [IndexSchema.Part, ReportingSchema.Part];
        var created = await postgres.CreateMigratedDatabaseAsync(parts, TestTimeout.Token());
        // As in the hub: one data source whose search path holds every part's schema.
        var name = new NpgsqlConnectionStringBuilder(created.ConnectionString).Database!;
        var database = ExchangeDatabase.Create(postgres.Server.ConnectionStringFor(name), parts);
        var population = new IndexPopulation();
        await population.LoadAsync(database, graduates, Cohort, TestTimeout.Token());
        return new ReportHarness { Database = database, Population = population, Graduates = graduates };
    }

    /// <summary>The column of a report table's measure, by its name.</summary>
    public static int Measure(Exchange.Reporting.Reports.ReportTable table, string name) =>
        table.Measures.Select((m, i) => (m, i)).Single(p => p.m.Name == name).i;

    public static DataSharingAgreement Agreement(LegalBasisType basis, string? provider = null) => new(
        Guid.NewGuid(), 1,
        new AgreementTerms(provider, Grantee.OfOrganisation(Bureau),
            new HashSet<DataCategory> { DataCategory.Education, DataCategory.Outcomes, DataCategory.Hardship, DataCategory.Disability },
            new HashSet<Purpose> { Purpose.Statistics }, new DateOnly(2026, 1, 1), new DateOnly(2028, 12, 31),
            "Employment Promotion Law art. 48; provincial statistics programme", LegalBasisType: basis),
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), "steward", AgreementStatus.Active);

    /// <summary>The two grants a subject gives for statistics: the ordinary categories, and the sensitive ones separately.</summary>
    public static IEnumerable<ConsentGrant> StatisticsConsent(string subjectKey)
    {
        foreach (var categories in new[] { new[] { DataCategory.Education, DataCategory.Outcomes }, [DataCategory.Hardship, DataCategory.Disability] })
        {
            yield return new ConsentGrant(subjectKey, Grantee.OfOrganisation(Bureau), new HashSet<Purpose> { Purpose.Statistics }, categories.ToHashSet(),
                new DateOnly(2026, 1, 1), new DateOnly(2028, 12, 31), ConsentStatus.Active, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), null,
                new GrantEvidence("online-click", "log/1"), Guid.NewGuid().ToString("N"), IndexPopulation.Institutions[0]);
        }
    }

    public ReportService Service(IEnumerable<DataSharingAgreement> agreements, IEnumerable<ConsentGrant>? consents = null, ReportOptions? options = null)
    {
        var snapshot = PolicySnapshot.Create(agreements, consents ?? []);
        var cache = new PolicySnapshotCache(_ => Task.FromResult(snapshot), Handles);
        var release = new ReleaseService(cache, AuditLog, Handles, new MemoryHandleDirectory(), new ReleaseTelemetry(new TestMeters()));
        return new ReportService(Database, release, Microsoft.Extensions.Options.Options.Create(options ?? new ReportOptions()), new FakeTimeProvider(Now));
    }
}
