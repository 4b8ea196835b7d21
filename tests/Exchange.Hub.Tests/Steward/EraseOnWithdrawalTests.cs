using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Exchange.Core.Pseudonymisation;
using Exchange.Hub.Steward;
using Exchange.Hub.Tests.Security;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Hub.Tests.Steward;

/// <summary>An agreement's withdrawal term, from the steward API through the log and the merger to what subject fetch returns.</summary>
[Collection(PostgresCollection.Name)]
public sealed class EraseOnWithdrawalTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Under_an_erasing_agreement_a_withdrawal_purges_the_disability_fields_and_subject_fetch_no_longer_returns_them()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        var (subjectKey, matcher) = await WithdrawEmployersDisabilityConsentAsync(hub, "erase", 930);
        using var _ = matcher;

        var graduate = await GraduateAsync(matcher, subjectKey);

        Assert.False(graduate.ContainsKey("accommodationNeeds"), graduate.ToJsonString());
        Assert.Equal("会计学", (string?)graduate["majorName"]);
        await using var connection = await hub.Database.OpenConnectionAsync(TestTimeout.Token());
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("select count(*) from record_envelope where record ? 'accommodationNeeds'"));
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("select count(*) from current_records where record ? 'accommodationNeeds'"));
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("select count(*) from index_changes where kind = 'subject.purged'"));
    }

    [Fact]
    public async Task Under_a_retaining_agreement_a_withdrawal_leaves_the_disability_fields_to_the_grantees_whose_consent_stands()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        var (subjectKey, matcher) = await WithdrawEmployersDisabilityConsentAsync(hub, "retain", 932);
        using var _ = matcher;

        var graduate = await GraduateAsync(matcher, subjectKey);

        Assert.Equal(["无障碍通道"], graduate["accommodationNeeds"]!.AsArray().Select(n => (string?)n));
        await using var connection = await hub.Database.OpenConnectionAsync(TestTimeout.Token());
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("select count(*) from index_changes where kind = 'subject.purged'"));
    }

    [Fact]
    public async Task A_withdrawal_through_the_steward_api_reaches_the_merged_index_and_purges_under_an_erasing_agreement()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        var (subjectKey, matcher) = await WithdrawEmployersDisabilityConsentAsync(hub, "erase", 934, throughStewardApi: true);
        using var _ = matcher;

        var graduate = await GraduateAsync(matcher, subjectKey);

        await using var connection = await hub.Database.OpenConnectionAsync(TestTimeout.Token());
        Assert.Equal("withdrawn", await connection.ExecuteScalarAsync<string>(
            "select record->>'status' from current_records where kind = 'consent' and source_record_id = 'ERASE-EMP-934'"));
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("select count(*) from index_changes where kind = 'consent.withdrawn'"));
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("select count(*) from index_changes where kind = 'subject.purged'"));
        Assert.False(graduate.ContainsKey("accommodationNeeds"), graduate.ToJsonString());
    }

    [Fact]
    public async Task The_withdrawal_term_round_trips_through_the_steward_api_and_defaults_to_retain()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);

        var erasing = await CreateAsync(steward, Agreement("employer", ["disability"], "erase"));
        var silent = await CreateAsync(steward, Agreement("employer", ["disability"], null));
        using var history = await steward.GetAsync($"/v1/steward/agreements/{erasing["id"]}/history", TestTimeout.Token());

        Assert.Equal("erase", (string?)erasing["onWithdrawal"]);
        Assert.Equal("retain", (string?)silent["onWithdrawal"]);
        Assert.Equal("erase", (string?)JsonNode.Parse(await history.Content.ReadAsStringAsync())![0]!["onWithdrawal"]);
    }

    [Fact]
    public async Task An_unknown_withdrawal_term_is_a_400_with_its_code_and_both_messages_and_records_nothing()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);

        using var response = await steward.PostAsJsonAsync("/v1/steward/agreements", Agreement("employer", ["disability"], "delete"), JsonSerializerOptions.Web,
            TestTimeout.Token());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        using var current = await steward.GetAsync("/v1/steward/agreements", TestTimeout.Token());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = body["problems"]![0]!;
        Assert.Equal("agreement.unknown-on-withdrawal", (string?)problem["code"]);
        Assert.Equal("/onWithdrawal", (string?)problem["pointer"]);
        Assert.Contains("delete", (string?)problem["message"], StringComparison.Ordinal);
        Assert.Contains("撤回", (string?)problem["messageZh"], StringComparison.Ordinal);
        Assert.NotNull(body["errors"]!["onWithdrawal"]);
        Assert.Empty(JsonNode.Parse(await current.Content.ReadAsStringAsync())!.AsArray());
    }

    /// <summary>
    /// Employers hold a disability consent under an agreement with the given term, the matcher
    /// one under a retaining agreement; a graduate with accommodation needs is pushed, the matcher
    /// sees them, then the institution withdraws the employers' consent. Returns the subject's key and
    /// the matcher, whose own consent still stands.
    /// </summary>
    private static async Task<(string SubjectKey, HttpClient Matcher)> WithdrawEmployersDisabilityConsentAsync(HubHost hub, string onWithdrawal, int sequence,
        bool throughStewardApi = false)
    {
        using var steward = hub.ClientFor(TestClients.Steward);
        using var university = hub.ClientFor(TestClients.UniversityA);
        var matcher = hub.ClientFor(TestClients.Matcher);
        var residentId = ResidentIds.Make(sequence);
        var subjectKey = hub.Services.GetRequiredService<LinkageKeys>().KeyFor(residentId)!;
        await CreateAsync(steward, Agreement("employer", ["disability"], onWithdrawal));
        await CreateAsync(steward, Agreement("matcher", ["education", "disability"], "retain"));
        // The institution records consents only for its own graduates, so the graduate comes first.
        var graduate = Samples.GraduateFor(TestClients.UniversityA, residentId);
        graduate["accommodationNeeds"] = new JsonArray("无障碍通道");
        await ConsentWriteMatrixTests.PushAsync(university, "graduate", graduate, expectAccepted: true);
        await hub.WaitForMergerAsync();
        var employers = ConsentWriteMatrixTests.Consent($"ERASE-EMP-{sequence}", residentId, new JsonObject { ["role"] = "employer" }, "matching", ["disability"]);
        await ConsentWriteMatrixTests.PushAsync(university, "consent", employers, expectAccepted: true);
        await ConsentWriteMatrixTests.PushAsync(university, "consent",
            ConsentWriteMatrixTests.Consent($"ERASE-MAT-D-{sequence}", residentId, new JsonObject { ["role"] = "matcher" }, "matching", ["disability"]), expectAccepted: true);
        await ConsentWriteMatrixTests.PushAsync(university, "consent",
            ConsentWriteMatrixTests.Consent($"ERASE-MAT-E-{sequence}", residentId, new JsonObject { ["role"] = "matcher" }, "matching", ["education"]), expectAccepted: true);
        await hub.WaitForMergerAsync();
        Assert.True((await GraduateAsync(matcher, subjectKey)).ContainsKey("accommodationNeeds"));

        if (throughStewardApi)
        {
            // A steward withdraws it on the graduate's behalf.
            using var withdrawn = await steward.PostAsync(
                $"/v1/steward/consents/{TestClients.UniversityA.Organisation}/ERASE-EMP-{sequence}/withdraw", null, TestTimeout.Token());
            Assert.True(withdrawn.IsSuccessStatusCode, await withdrawn.Content.ReadAsStringAsync());
        }
        else
        {
            // The institution sends the consent again as withdrawn: a new version of the record, through the log to the merger.
            employers["status"] = "withdrawn";
            employers["withdrawnAt"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            await ConsentWriteMatrixTests.PushAsync(university, "consent", employers, expectAccepted: true);
        }
        await hub.WaitForMergerAsync();
        return (subjectKey, matcher);
    }

    private static async Task<JsonObject> GraduateAsync(HttpClient client, string subjectKey)
    {
        using var response = await client.GetAsync($"/v1/subjects/{subjectKey}?purpose=matching", TestTimeout.Token());
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["graduate"]!.AsObject();
    }

    private static async Task<JsonNode> CreateAsync(HttpClient steward, JsonObject agreement)
    {
        using var response = await steward.PostAsync("/v1/steward/agreements", new StringContent(agreement.ToJsonString(), Encoding.UTF8, "application/json"),
            TestTimeout.Token());
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonNode.Parse(body)!;
    }

    private static JsonObject Agreement(string granteeRole, string[] categories, string? onWithdrawal)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var agreement = new JsonObject
        {
            ["grantee"] = new JsonObject { ["role"] = granteeRole },
            ["categories"] = new JsonArray([.. categories.Select(c => (JsonNode?)c)]),
            ["purposes"] = new JsonArray("matching"),
            ["validFrom"] = today.AddDays(-30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["validThrough"] = today.AddDays(365).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["legalBasis"] = SubjectWorld.LegalBasis,
        };
        if (onWithdrawal is not null)
            agreement["onWithdrawal"] = onWithdrawal;
        return agreement;
    }
}
