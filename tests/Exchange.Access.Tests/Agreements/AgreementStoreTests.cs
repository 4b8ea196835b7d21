using Dapper;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Testing;
using Npgsql;
using static Exchange.Access.Tests.Decisions.PolicyTestData;

namespace Exchange.Access.Tests.Agreements;

[Collection(PostgresCollection.Name)]
public sealed class AgreementStoreTests(PostgresFixture fixture)
{
    private static readonly AgreementTerms Original = Terms(Grantee.OfRole(PartyRole.Matcher), [DataCategory.Education], [Purpose.Matching]);

    [Fact]
    public async Task A_revision_is_a_new_version_and_history_keeps_every_version_unchanged()
    {
        var store = new AgreementStore(await AccessDatabase.CreateAsync(fixture), new FixedTime(Recorded));
        var created = (await store.CreateAsync(Original, "steward-1", TestTimeout.Token())).Agreement!;
        var widened = Original with { Categories = new HashSet<DataCategory> { DataCategory.Education, DataCategory.Outcomes } };

        var revised = await store.ReviseAsync(created.Id, 1, widened, "steward-2", TestTimeout.Token());
        var history = await store.GetHistoryAsync(created.Id, TestTimeout.Token());

        Assert.Equal(AgreementWriteStatus.Recorded, revised.Status);
        Assert.Equal([1, 2], history.Select(a => a.Version));
        Assert.Equal([DataCategory.Education], history[0].Terms.Categories);
        Assert.Equal("steward-1", history[0].RecordedBy);
        Assert.Equal(created.RecordedAt, history[0].RecordedAt);
        Assert.True(history[1].Terms.Categories.SetEquals([DataCategory.Education, DataCategory.Outcomes]));
        Assert.Equal(2, (await store.GetAsync(created.Id, TestTimeout.Token()))!.Version);
    }

    [Fact]
    public async Task A_stale_expected_version_is_a_conflict_and_writes_nothing()
    {
        var store = new AgreementStore(await AccessDatabase.CreateAsync(fixture), new FixedTime(Recorded));
        var created = (await store.CreateAsync(Original, "steward-1", TestTimeout.Token())).Agreement!;
        await store.ReviseAsync(created.Id, 1, Original with { LegalBasis = "amended" }, "steward-1", TestTimeout.Token());

        var stale = await store.ReviseAsync(created.Id, 1, Original with { LegalBasis = "lost update" }, "steward-2", TestTimeout.Token());

        Assert.Equal(AgreementWriteStatus.Conflict, stale.Status);
        Assert.Equal(2, stale.Agreement!.Version);
        Assert.Equal(2, (await store.GetHistoryAsync(created.Id, TestTimeout.Token())).Count);
    }

    [Fact]
    public async Task Concurrent_revisions_of_the_same_version_record_exactly_one()
    {
        var store = new AgreementStore(await AccessDatabase.CreateAsync(fixture), new FixedTime(Recorded));
        var created = (await store.CreateAsync(Original, "steward-1", TestTimeout.Token())).Agreement!;

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            store.ReviseAsync(created.Id, 1, Original with { LegalBasis = $"writer {i}" }, "steward", TestTimeout.Token())));

        Assert.Single(results, r => r.IsRecorded);
        Assert.All(results.Where(r => !r.IsRecorded), r => Assert.Equal(AgreementWriteStatus.Conflict, r.Status));
    }

    [Fact]
    public async Task Revoking_records_a_revoked_version_and_the_agreement_is_no_longer_current()
    {
        var store = new AgreementStore(await AccessDatabase.CreateAsync(fixture), new FixedTime(Recorded));
        var created = (await store.CreateAsync(Original, "steward-1", TestTimeout.Token())).Agreement!;
        var before = await store.ListCurrentAsync(Now, TestTimeout.Token());

        var revoked = await store.RevokeAsync(created.Id, 1, "steward-2", TestTimeout.Token());
        var again = await store.ReviseAsync(created.Id, 2, Original, "steward-2", TestTimeout.Token());

        Assert.Equal([created.Id], before.Select(a => a.Id));
        Assert.Equal(AgreementStatus.Revoked, revoked.Agreement!.Status);
        Assert.Equal([AgreementStatus.Active, AgreementStatus.Revoked], (await store.GetHistoryAsync(created.Id, TestTimeout.Token())).Select(a => a.Status));
        Assert.Empty(await store.ListCurrentAsync(Now, TestTimeout.Token()));
        Assert.Equal(AgreementWriteStatus.Revoked, again.Status);
    }

    [Fact]
    public async Task Only_agreements_valid_on_the_day_are_current()
    {
        var store = new AgreementStore(await AccessDatabase.CreateAsync(fixture), new FixedTime(Recorded));
        await store.CreateAsync(Original with { ValidThrough = new DateOnly(2026, 3, 1) }, "steward", TestTimeout.Token());
        var valid = (await store.CreateAsync(Original, "steward", TestTimeout.Token())).Agreement!;

        Assert.Equal([valid.Id], (await store.ListCurrentAsync(Now, TestTimeout.Token())).Select(a => a.Id));
    }

    [Fact]
    public async Task The_database_refuses_to_edit_a_recorded_version()
    {
        var dataSource = await AccessDatabase.CreateAsync(fixture);
        var store = new AgreementStore(dataSource);
        var created = (await store.CreateAsync(Original, "steward", TestTimeout.Token())).Agreement!;

        await using var connection = await dataSource.OpenConnectionAsync(TestTimeout.Token());
        await Assert.ThrowsAsync<PostgresException>(() =>
            connection.ExecuteAsync("update agreement set legal_basis = 'edited' where id = @Id", new { created.Id }));
        Assert.Equal(Original.LegalBasis, (await store.GetAsync(created.Id, TestTimeout.Token()))!.Terms.LegalBasis);
    }

    [Fact]
    public async Task Invalid_terms_and_unknown_ids_are_results_not_exceptions()
    {
        var store = new AgreementStore(await AccessDatabase.CreateAsync(fixture), new FixedTime(Recorded));

        var invalid = await store.CreateAsync(Original with { ValidThrough = new DateOnly(2025, 1, 1) }, "steward", TestTimeout.Token());
        var missing = await store.RevokeAsync(Guid.NewGuid(), 1, "steward", TestTimeout.Token());

        Assert.Equal(AgreementWriteStatus.Invalid, invalid.Status);
        Assert.Equal(AgreementWriteStatus.NotFound, missing.Status);
    }
}
