using Dapper;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Testing;
using Npgsql;
using static Exchange.Access.Tests.Decisions.PolicyTestData;

namespace Exchange.Access.Tests.Agreements;

/// <summary>An agreement's term for withdrawal: stored per version, and what the index asks of it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class WithdrawalTermTests(PostgresFixture fixture)
{
    private static readonly AgreementTerms Sensitive =
        Terms(Grantee.OfRole(PartyRole.Employer), [DataCategory.Education, DataCategory.Disability], [Purpose.Matching], new DateOnly(2025, 1, 1), new DateOnly(2027, 12, 31));

    [Fact]
    public async Task An_agreement_retains_unless_it_says_erase_and_each_version_keeps_its_own_term()
    {
        var store = new AgreementStore(await AccessDatabase.CreateAsync(fixture), new FixedTime(Recorded));
        var created = (await store.CreateAsync(Sensitive, "steward-1", TestTimeout.Token())).Agreement!;

        await store.ReviseAsync(created.Id, 1, Sensitive with { OnWithdrawal = WithdrawalTerm.Erase }, "steward-1", TestTimeout.Token());
        var history = await store.GetHistoryAsync(created.Id, TestTimeout.Token());

        Assert.Equal([WithdrawalTerm.Retain, WithdrawalTerm.Erase], history.Select(a => a.Terms.OnWithdrawal));
    }

    [Fact]
    public async Task A_withdrawal_is_erased_by_an_erasing_agreement_for_the_same_grantee_purpose_and_sensitive_category()
    {
        var database = await AccessDatabase.CreateAsync(fixture);
        var store = new AgreementStore(database, new FixedTime(Recorded));
        await store.CreateAsync(Sensitive with { OnWithdrawal = WithdrawalTerm.Erase, ProviderOrganisation = "12100000400000624D" }, "steward-1", TestTimeout.Token());
        await store.CreateAsync(Sensitive with { Grantee = Grantee.OfRole(PartyRole.Matcher), OnWithdrawal = WithdrawalTerm.Erase }, "steward-1", TestTimeout.Token());
        await store.CreateAsync(Sensitive with { Categories = new HashSet<DataCategory> { DataCategory.Hardship } }, "steward-1", TestTimeout.Token());
        var withdrawnAt = Recorded.AddDays(10);

        var erased = await ErasuresAsync(database, null, "employer", ["matching"], ["disability"], withdrawnAt);
        var education = await ErasuresAsync(database, null, "employer", ["matching"], ["education"], withdrawnAt);
        var otherPurpose = await ErasuresAsync(database, null, "employer", ["research"], ["disability"], withdrawnAt);
        var retained = await ErasuresAsync(database, null, "employer", ["matching"], ["hardship"], withdrawnAt);
        var beforeAgreed = await ErasuresAsync(database, null, "employer", ["matching"], ["disability"], Recorded.AddSeconds(-1));

        Assert.Equal([("12100000400000624D", "disability")], erased.Select(e => (e.ProviderOrganisation, string.Join(',', e.Categories))));
        Assert.Empty(education);
        Assert.Empty(otherPurpose);
        Assert.Empty(retained);
        Assert.Empty(beforeAgreed);
    }

    [Fact]
    public async Task A_withdrawal_is_judged_by_the_version_in_force_when_it_was_received_not_by_a_later_revision()
    {
        var database = await AccessDatabase.CreateAsync(fixture);
        var created = (await new AgreementStore(database, new FixedTime(Recorded))
            .CreateAsync(Sensitive with { OnWithdrawal = WithdrawalTerm.Erase }, "steward-1", TestTimeout.Token())).Agreement!;
        await new AgreementStore(database, new FixedTime(Recorded.AddDays(20))).ReviseAsync(created.Id, 1, Sensitive, "steward-1", TestTimeout.Token());

        Assert.Single(await ErasuresAsync(database, null, "employer", ["matching"], ["disability"], Recorded.AddDays(10)));
        Assert.Empty(await ErasuresAsync(database, null, "employer", ["matching"], ["disability"], Recorded.AddDays(30)));
    }

    private static async Task<List<Erasure>> ErasuresAsync(
        NpgsqlDataSource database, string? organisation, string? role, string[] purposes, string[] categories, DateTimeOffset withdrawnAt)
    {
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        return [.. await connection.QueryAsync<Erasure>(
            "select provider_organisation as ProviderOrganisation, categories as Categories from withdrawal_erasures(@Organisation, @Role, @Purposes, @Categories, @At)",
            new { Organisation = organisation, Role = role, Purposes = purposes, Categories = categories, At = withdrawnAt.UtcDateTime })];
    }

    private sealed class Erasure
    {
        public string? ProviderOrganisation { get; set; }
        public string[] Categories { get; set; } = [];
    }
}
