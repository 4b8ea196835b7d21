using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Consent;
using Exchange.Access.Decisions;
using Exchange.Access.Tests.Agreements;
using Exchange.Testing;
using static Exchange.Access.Tests.Decisions.PolicyTestData;

namespace Exchange.Access.Tests.Decisions;

[Collection(PostgresCollection.Name)]
public sealed class PolicySnapshotCacheTests(PostgresFixture fixture)
{
    private static readonly AccessRequest Read = Request(Caller(PartyRole.Matcher, Matcher), Purpose.Matching, fields: "graduate/majorCode");

    [Fact]
    public async Task A_withdrawal_applies_to_the_very_next_decision()
    {
        var dataSource = await AccessDatabase.CreateAsync(fixture);
        var agreements = new AgreementStore(dataSource, new FixedTime(Recorded));
        var consents = new ConsentStore(dataSource);
        using var cache = new PolicySnapshotCache(agreements, consents, Handles);
        await agreements.CreateAsync(Terms(Grantee.OfRole(PartyRole.Matcher), [DataCategory.Education], [Purpose.Matching]), "steward", TestTimeout.Token());
        await consents.UpsertAsync(Grant(Grantee.OfRole(PartyRole.Matcher), [DataCategory.Education], [Purpose.Matching], recordId: "c-1"), TestTimeout.Token());
        var before = (await cache.GetDecisionPointAsync(TestTimeout.Token())).Decide(Read);

        await consents.WithdrawAsync(University, "c-1", Now.AddMinutes(-1), TestTimeout.Token());
        var after = (await cache.GetDecisionPointAsync(TestTimeout.Token())).Decide(Read);

        Assert.Equal(PolicyRules.Permit, before.Rule);
        Assert.Equal(PolicyRules.ConsentWithdrawn, after.Rule);
    }

    [Fact]
    public async Task A_change_made_by_another_process_invalidates_through_notify()
    {
        var dataSource = await AccessDatabase.CreateAsync(fixture);
        // Stores the cache does not subscribe to stand in for another hub process.
        var otherProcess = new AgreementStore(dataSource, new FixedTime(Recorded));
        using var cache = new PolicySnapshotCache(
            async ct => PolicySnapshot.Create(await otherProcess.ListAllVersionsAsync(ct), []), Handles);
        using var listening = CancellationTokenSource.CreateLinkedTokenSource(TestTimeout.Token());
        var listener = cache.ListenAsync(dataSource, listening.Token);
        Assert.Equal(0, (await cache.GetAsync(TestTimeout.Token())).AgreementCount);
        await WaitUntilAsync(() => cache.Generation > 0);
        var generation = cache.Generation;
        await cache.GetAsync(TestTimeout.Token());

        await otherProcess.CreateAsync(Terms(Grantee.OfRole(PartyRole.Matcher), [DataCategory.Education], [Purpose.Matching]), "steward", TestTimeout.Token());
        await WaitUntilAsync(() => cache.Generation > generation);

        Assert.Equal(1, (await cache.GetAsync(TestTimeout.Token())).AgreementCount);
        await listening.CancelAsync();
        await listener;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50, TestTimeout.Token());
        }

        Assert.True(condition());
    }
}
