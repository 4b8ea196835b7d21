using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Net.Http.Json;
using System.Text.Json;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Hub.Steward;
using Exchange.Hub.Tests.Security;
using Exchange.Hub.Tests.Support;
using Exchange.Index.Merging;
using Exchange.Index.Queries;
using Exchange.Log;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Exchange.Hub.Tests.Records;

/// <summary>Two instances of the hub on one database and event log, as behind a load balancer: what either is told binds both.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SeveralInstancesTests(PostgresFixture postgres)
{
    private const int Graduates = 1_500;

    [Fact]
    public async Task Overlapping_pushes_with_one_idempotency_key_through_two_instances_got_different_answers()
    {
        await using var first = await HubHost.StartAsync(postgres);
        // A second instance on the same database and event log, as behind a load balancer.
        await using var second = await HubHost.StartAsync(postgres, new Dictionary<string, string?> { ["ConnectionStrings:Exchange"] = first.ConnectionString });
        using var viaFirst = first.ClientFor(TestClients.UniversityA);
        using var viaSecond = second.ClientFor(TestClients.UniversityA);
        var body = new JsonArray([.. Enumerable.Range(0, Graduates).Select(n =>
        {
            var graduate = Samples.GraduateFor(TestClients.UniversityA).DeepClone();
            graduate["recordId"] = RecordIds.Numbered("IDEM-", n);
            return (JsonNode)graduate;
        })]).ToJsonString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => PushAsync(i % 2 == 0 ? viaFirst : viaSecond, body, "enrolment-2026-07-01")));

        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.StartsWith("200 ", answers[0], StringComparison.Ordinal);
        var answer = JsonNode.Parse(answers[0][4..])!;
        Assert.Equal((Graduates, 0), ((int)answer["accepted"]!, (int)answer["duplicates"]!));
        Assert.Equal(Graduates, await first.Services.GetRequiredService<IEventLog>().CountMessagesAsync(Topics.For(RecordKind.Graduate), TestTimeout.Token()));
    }

    [Fact]
    public async Task A_consent_withdrawn_through_one_instance_binds_the_very_next_read_on_the_other()
    {
        await using var first = await HubHost.StartAsync(postgres);
        await using var second = await HubHost.StartAsync(postgres, new Dictionary<string, string?> { ["ConnectionStrings:Exchange"] = first.ConnectionString });
        using var steward = first.ClientFor(TestClients.Steward);
        using var university = first.ClientFor(TestClients.UniversityA);
        using var employerOnSecond = second.ClientFor(TestClients.EmployerA);
        var residentId = ResidentIds.Make(940);
        var subjectKey = first.Services.GetRequiredService<LinkageKeys>().KeyFor(residentId)!;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        using (var created = await steward.PostAsJsonAsync("/v1/steward/agreements",
            new AgreementRequest(TestClients.UniversityA.Organisation, new GranteeDto(null, "employer"), ["education"], ["matching"], today.AddDays(-30), today.AddDays(365), SubjectWorld.LegalBasis),
            JsonSerializerOptions.Web, TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await ConsentWriteMatrixTests.PushAsync(university, "graduate", Samples.GraduateFor(TestClients.UniversityA, residentId), expectAccepted: true);
        await ConsentWriteMatrixTests.PushAsync(university, "consent",
            ConsentWriteMatrixTests.Consent("MULTI-CON-940", residentId, new JsonObject { ["role"] = "employer" }, "matching", ["education"]), expectAccepted: true);
        await first.WaitForMergerAsync();
        using (var before = await employerOnSecond.GetAsync($"/v1/subjects/{subjectKey}?purpose=matching", TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using (var withdrawn = await steward.PostAsync($"/v1/steward/consents/{TestClients.UniversityA.Organisation}/MULTI-CON-940/withdraw", null, TestTimeout.Token()))
            Assert.True(withdrawn.IsSuccessStatusCode, await withdrawn.Content.ReadAsStringAsync());

        // No wait: the first instance answered once the withdrawal was in force, for every instance.
        using var after = await employerOnSecond.GetAsync($"/v1/subjects/{subjectKey}?purpose=matching", TestTimeout.Token());
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task An_instance_set_not_to_merge_takes_records_and_the_instance_that_merges_brings_them_into_the_index()
    {
        await using var door = await HubHost.StartAsync(postgres, new Dictionary<string, string?> { ["Exchange:Index:Merger:Enabled"] = "false" });
        Assert.DoesNotContain(door.Services.GetServices<IHostedService>(), service => service is MergerHost);
        using var university = door.ClientFor(TestClients.UniversityA);
        await ConsentWriteMatrixTests.PushAsync(university, "graduate", Samples.GraduateFor(TestClients.UniversityA, ResidentIds.Make(941)), expectAccepted: true);
        // No instance merges yet: the record waits in the log.
        Assert.Equal(1, (await door.Services.GetRequiredService<MergerLag>().ReadAsync(TestTimeout.Token())).Sum(l => l.Lag));

        await using var merging = await HubHost.StartAsync(postgres, new Dictionary<string, string?> { ["ConnectionStrings:Exchange"] = door.ConnectionString });
        await merging.WaitForMergerAsync();

        var counts = await door.Services.GetRequiredService<IndexCounts>().ReadAsync(TestTimeout.Token());
        Assert.Equal((1L, 1L), (counts.ActiveSubjects, counts.RecordsByKind["graduate"]));
    }

    private static async Task<string> PushAsync(HttpClient client, string body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/records/graduate") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request, TestTimeout.Token());
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }
}
