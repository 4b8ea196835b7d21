using Dapper;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Consent;
using Exchange.Core.Validation;
using Exchange.Testing;
using Npgsql;
using static Exchange.Access.Tests.Decisions.PolicyTestData;

namespace Exchange.Access.Tests.Consent;

[Collection(PostgresCollection.Name)]
public sealed class ConsentStoreTests(PostgresFixture fixture)
{
    private static ConsentGrant Sample(string recordId = "consent-1") =>
        Grant(Grantee.OfOrganisation(EmployerA), [DataCategory.Education, DataCategory.Contact], [Purpose.Matching], recordId: recordId, givenAt: Recorded);

    [Fact]
    public async Task Upsert_is_idempotent()
    {
        var dataSource = await AccessDatabase.CreateAsync(fixture);
        var store = new ConsentStore(dataSource);

        var first = await store.UpsertAsync(Sample(), TestTimeout.Token());
        var second = await store.UpsertAsync(Sample(), TestTimeout.Token());
        var changed = await store.UpsertAsync(Sample() with { ValidThrough = new DateOnly(2027, 6, 30) }, TestTimeout.Token());

        Assert.Equal(ConsentUpsertStatus.Inserted, first.Status);
        Assert.Equal(ConsentUpsertStatus.Unchanged, second.Status);
        Assert.Equal(ConsentUpsertStatus.Updated, changed.Status);
        var stored = Assert.Single(await store.ListBySubjectAsync(Subject, TestTimeout.Token()));
        Assert.Equal(new DateOnly(2027, 6, 30), stored.ValidThrough);
        Assert.True(stored.Categories.SetEquals([DataCategory.Education, DataCategory.Contact]));
        Assert.Equal(Recorded, stored.GivenAt);
    }

    [Fact]
    public async Task Withdrawal_writes_the_change_event()
    {
        var store = new ConsentStore(await AccessDatabase.CreateAsync(fixture));
        await store.UpsertAsync(Sample(), TestTimeout.Token());

        var withdrawn = await store.WithdrawAsync(University, "consent-1", Now, TestTimeout.Token());
        var again = await store.WithdrawAsync(University, "consent-1", Now.AddHours(1), TestTimeout.Token());

        Assert.Equal(ConsentWithdrawStatus.Withdrawn, withdrawn);
        Assert.Equal(ConsentWithdrawStatus.AlreadyWithdrawn, again);
        var change = Assert.Single(await store.ListChangesAsync(0, 10, TestTimeout.Token()));
        Assert.Equal((Subject, Grantee.OfOrganisation(EmployerA), ConsentChange.Withdrawn, Now), (change.SubjectKey, change.Grantee, change.Kind, change.At));
        var stored = Assert.Single(await store.ListBySubjectAsync(Subject, TestTimeout.Token()));
        Assert.Equal(ConsentStatus.Withdrawn, stored.Status);
        Assert.Equal(Now, stored.WithdrawnAt);
    }

    [Fact]
    public async Task Withdrawal_and_its_change_event_commit_together_or_not_at_all()
    {
        var dataSource = await AccessDatabase.CreateAsync(fixture);
        var store = new ConsentStore(dataSource);
        await store.UpsertAsync(Sample(), TestTimeout.Token());

        // Break the outbox: if the withdrawal committed without its event, subscribers would never forget.
        await using (var connection = await dataSource.OpenConnectionAsync(TestTimeout.Token()))
        {
            await connection.ExecuteAsync("alter table consent_change add constraint refuse_all check (false) not valid");
        }

        await Assert.ThrowsAsync<PostgresException>(() => store.WithdrawAsync(University, "consent-1", Now, TestTimeout.Token()));
        Assert.Equal(ConsentStatus.Active, Assert.Single(await store.ListBySubjectAsync(Subject, TestTimeout.Token())).Status);
    }

    [Fact]
    public async Task A_resent_record_that_withdraws_writes_the_change_event_once()
    {
        var store = new ConsentStore(await AccessDatabase.CreateAsync(fixture));
        await store.UpsertAsync(Sample(), TestTimeout.Token());
        var withdrawn = Sample() with { Status = ConsentStatus.Withdrawn, WithdrawnAt = Now };

        var first = await store.UpsertAsync(withdrawn, TestTimeout.Token());
        var repeat = await store.UpsertAsync(withdrawn, TestTimeout.Token());

        Assert.True(first.WithdrawalRecorded);
        Assert.Equal(ConsentUpsertStatus.Unchanged, repeat.Status);
        Assert.Single(await store.ListChangesAsync(0, 10, TestTimeout.Token()));
    }

    [Fact]
    public async Task A_withdrawn_consent_is_not_reactivated_by_a_resent_record()
    {
        var store = new ConsentStore(await AccessDatabase.CreateAsync(fixture));
        await store.UpsertAsync(Sample(), TestTimeout.Token());
        await store.WithdrawAsync(University, "consent-1", Now, TestTimeout.Token());

        var result = await store.UpsertAsync(Sample(), TestTimeout.Token());

        Assert.Equal(ConsentUpsertStatus.Rejected, result.Status);
        Assert.Equal(ConsentProblemCodes.Reactivation, Assert.Single(result.Problems).Code);
    }

    [Fact]
    public async Task A_grant_mixing_sensitive_and_other_categories_is_rejected()
    {
        var store = new ConsentStore(await AccessDatabase.CreateAsync(fixture));

        var result = await store.UpsertAsync(
            Grant(Grantee.OfRole(PartyRole.Bureau), [DataCategory.Hardship, DataCategory.Education], [Purpose.ServiceDelivery]), TestTimeout.Token());

        Assert.Equal(ConsentUpsertStatus.Rejected, result.Status);
        Assert.Equal(ProblemCodes.ConsentSensitiveNotSeparate, Assert.Single(result.Problems).Code);
        Assert.Empty(await store.ListAllAsync(TestTimeout.Token()));
    }

    [Fact]
    public async Task Every_version_of_a_consent_is_kept_in_order_and_a_resent_or_refused_one_adds_none()
    {
        var store = new ConsentStore(await AccessDatabase.CreateAsync(fixture));
        await store.UpsertAsync(Sample(), TestTimeout.Token());
        await store.UpsertAsync(Sample(), TestTimeout.Token());
        await store.UpsertAsync(Sample() with { ValidThrough = new DateOnly(2027, 6, 30) }, TestTimeout.Token());
        await store.WithdrawAsync(University, "consent-1", Now, TestTimeout.Token());
        await store.WithdrawAsync(University, "consent-1", Now.AddHours(1), TestTimeout.Token());
        await store.UpsertAsync(Sample(), TestTimeout.Token());

        var versions = await store.ListVersionsAsync(University, "consent-1", TestTimeout.Token());

        Assert.Equal([3, 2, 1], versions.Select(v => v.Number));
        Assert.Equal([ConsentVersion.Withdrawn, ConsentVersion.Revised, ConsentVersion.Received], versions.Select(v => v.Change));
        Assert.Equal(Sample().ValidThrough, versions[2].Consent.ValidThrough);
        Assert.Equal((new DateOnly(2027, 6, 30), ConsentStatus.Active), (versions[1].Consent.ValidThrough, versions[1].Consent.Status));
        Assert.Equal((ConsentStatus.Withdrawn, Now), (versions[0].Consent.Status, versions[0].Consent.WithdrawnAt));
        Assert.Equal(Now, versions[0].RecordedAt);
        Assert.Empty(await store.ListVersionsAsync(University, "no-such-consent", TestTimeout.Token()));
    }

    [Fact]
    public async Task A_version_that_withdraws_is_kept_as_a_withdrawal_and_one_first_seen_withdrawn_as_received()
    {
        var store = new ConsentStore(await AccessDatabase.CreateAsync(fixture));
        await store.UpsertAsync(Sample(), TestTimeout.Token());
        await store.UpsertAsync(Sample() with { Status = ConsentStatus.Withdrawn, WithdrawnAt = Now }, TestTimeout.Token());
        await store.UpsertAsync(Sample("consent-2") with { Status = ConsentStatus.Withdrawn, WithdrawnAt = Now }, TestTimeout.Token());

        Assert.Equal([ConsentVersion.Withdrawn, ConsentVersion.Received],
            (await store.ListVersionsAsync(University, "consent-1", TestTimeout.Token())).Select(v => v.Change));
        var first = Assert.Single(await store.ListVersionsAsync(University, "consent-2", TestTimeout.Token()));
        Assert.Equal((ConsentVersion.Received, ConsentStatus.Withdrawn), (first.Change, first.Consent.Status));
    }
}
