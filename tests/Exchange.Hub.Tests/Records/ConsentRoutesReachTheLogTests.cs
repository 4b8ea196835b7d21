using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Exchange.Access.Consent;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Hub.Tests.Security;
using Exchange.Hub.Tests.Support;
using Exchange.Log;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Hub.Tests.Records;

/// <summary>
/// The log is the only way in: a consent, by whichever route it arrives, is a message on
/// <c>exchange.consent.v1</c> keyed by its subject, from which the consent store is projected.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ConsentRoutesReachTheLogTests(PostgresFixture postgres)
{
    private const string ResidentId = "410102200304120222";

    [Fact]
    public async Task Consent_pushed_as_JSON_is_on_the_consent_topic()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);
        await ConsentWriteMatrixTests.PushAsync(university, "graduate", Samples.Valid("graduate"), expectAccepted: true);
        var consent = ConsentWriteMatrixTests.Consent("LOG-JSON-1", ResidentId, new JsonObject { ["organisationCreditCode"] = TestClients.EmployerA.Organisation }, "matching", ["education"]);

        await ConsentWriteMatrixTests.PushAsync(university, "consent", consent, expectAccepted: true);

        var message = Assert.Single(await ConsentTopicAsync(hub), m => Record(m)?["recordId"]?.GetValue<string>() == "LOG-JSON-1");
        Assert.Equal(SubjectKey(hub), message.Key);
        Assert.DoesNotContain(ResidentId, Encoding.UTF8.GetString(message.Value.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consent_pushed_as_FHIR_is_on_the_consent_topic()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);
        await ConsentWriteMatrixTests.PushAsync(university, "graduate", Samples.Valid("graduate"), expectAccepted: true);

        using var response = await university.PostAsync("/v1/records/consent",
            new StringContent(FhirConsentBundleTests.Bundle(FhirConsentBundleTests.Consent("LOG-FHIR-1")).ToJsonString(), Encoding.UTF8, "application/fhir+json"),
            TestTimeout.Token());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var message = Assert.Single(await ConsentTopicAsync(hub), m => Record(m)?["recordId"]?.GetValue<string>() == "LOG-FHIR-1");
        Assert.Equal(SubjectKey(hub), message.Key);
    }

    [Fact]
    public async Task Consent_recorded_by_a_steward_is_on_the_consent_topic()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        var consent = ConsentWriteMatrixTests.Consent("LOG-STEWARD-1", ResidentId, new JsonObject { ["role"] = "employer" }, "matching", ["education"]);

        using var recorded = await steward.PostAsync("/v1/steward/consents", new StringContent(consent.ToJsonString(), Encoding.UTF8, "application/json"), TestTimeout.Token());
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);

        var message = Assert.Single(await ConsentTopicAsync(hub), m => Record(m)?["recordId"]?.GetValue<string>() == "LOG-STEWARD-1");
        Assert.Equal(SubjectKey(hub), message.Key);
    }

    [Fact]
    public async Task FHIR_Consent_recorded_by_a_steward_is_on_the_consent_topic()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);

        using var recorded = await steward.PostAsync("/v1/steward/consents",
            new StringContent(FhirConsentBundleTests.Consent("LOG-STEWARD-FHIR-1").ToJsonString(), Encoding.UTF8, "application/fhir+json"), TestTimeout.Token());
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);

        Assert.Single(await ConsentTopicAsync(hub), m => Record(m)?["recordId"]?.GetValue<string>() == "LOG-STEWARD-FHIR-1");
    }

    [Fact]
    public async Task Consent_withdrawn_by_a_steward_is_a_withdrawal_on_the_consent_topic()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        var consent = ConsentWriteMatrixTests.Consent("LOG-WITHDRAW-1", ResidentId, new JsonObject { ["role"] = "employer" }, "matching", ["education"]);
        using (var recorded = await steward.PostAsync("/v1/steward/consents", new StringContent(consent.ToJsonString(), Encoding.UTF8, "application/json"), TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);

        using var withdrawn = await steward.PostAsync($"/v1/steward/consents/{TestClients.Steward.Organisation}/LOG-WITHDRAW-1/withdraw", null, TestTimeout.Token());
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);

        var withdrawal = Assert.Single(await ConsentTopicAsync(hub), m => m.Headers.GetValueOrDefault(CloudEventHeaders.Type) == ConsentWithdrawal.Type);
        Assert.Equal(SubjectKey(hub), withdrawal.Key);
        var body = JsonNode.Parse(withdrawal.Value.Span)!;
        Assert.Equal((TestClients.Steward.Organisation, "LOG-WITHDRAW-1"), ((string)body["sourceOrganisation"]!, (string)body["sourceRecordId"]!));
    }

    private static string SubjectKey(HubHost hub) => hub.Services.GetRequiredService<LinkageKeys>().KeyFor(ResidentId)!;

    // A consent record on the topic; null for a message that is not one (a withdrawal).
    private static JsonNode? Record(ConsumedMessage message) =>
        message.Headers.GetValueOrDefault(CloudEventHeaders.Type) == ConsentWithdrawal.Type ? null : JsonNode.Parse(message.Value.Span);

    /// <summary>Every message of the consent topic, read from the log itself.</summary>
    private static async Task<List<ConsumedMessage>> ConsentTopicAsync(HubHost hub)
    {
        var log = hub.Services.GetRequiredService<IEventLog>();
        var topic = Topics.For(RecordKind.Consent);
        var messages = new List<ConsumedMessage>();
        for (var partition = 0; partition < (await log.GetPartitionCountAsync(topic, TestTimeout.Token()) ?? 0); partition++)
        {
            await foreach (var message in log.ReplayAsync(topic, partition, 0, TestTimeout.Token()))
                messages.Add(message);
        }
        return messages;
    }
}
