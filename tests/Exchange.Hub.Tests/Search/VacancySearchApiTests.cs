using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Core.Envelope;
using Exchange.Core.Model;
using Exchange.Hub.Tests.Support;
using Exchange.Index.Merging;
using Exchange.Log;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Hub.Tests.Search;

/// <summary>Vacancy search over HTTP: one item per real job, filtered by region, skills, accessibility, inclusive hiring and validity.</summary>
[Collection(PostgresCollection.Name)]
public sealed class VacancySearchApiTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Vacancies_are_found_by_their_filters_and_answered_with_the_job_fields_only()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        var vacancy = Sample();
        await MergeAsync(hub, vacancy);
        using var matcher = hub.ClientFor(TestClients.Matcher);
        const string During = "validOn=2026-05-01";

        var found = await GraduateSearchApiTests.AllPagesAsync(matcher,
            $"/v1/vacancies?purpose=matching&{During}&region=4403&education=20&major=0809&skills=Java&accessibility=screen-reader&inclusive=disability-friendly");
        var job = Assert.Single(found);
        Assert.Equal(("软件开发工程师（应届）", "440307"), ((string?)job["title"], (string?)job["workRegion"]));
        Assert.Equal(["HW-2026-SZ-0311"], job["channels"]!.AsArray().Select(c => ((string)c!).Split('/')[1]));

        foreach (var miss in new[] { "region=4101", "skills=Java,Go", "accessibility=sign-language", "inclusive=subsidised-post", "major=080903", "education=31" })
            Assert.Empty(await GraduateSearchApiTests.AllPagesAsync(matcher, $"/v1/vacancies?purpose=matching&{During}&{miss}"));
        Assert.Empty(await GraduateSearchApiTests.AllPagesAsync(matcher, "/v1/vacancies?purpose=matching&validOn=2026-09-01"));
    }

    private static JsonObject Sample()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "samples", "vacancy.valid.json");
            if (File.Exists(path))
                return JsonNode.Parse(File.ReadAllText(path))!.AsArray()[0]!.AsObject();
        }
        throw new FileNotFoundException("samples/vacancy.valid.json");
    }

    private static async Task MergeAsync(HubHost hub, JsonObject record)
    {
        var json = record.ToJsonString();
        using var document = JsonDocument.Parse(json);
        var envelope = new RecordEnvelope
        {
            Id = Guid.NewGuid(),
            Kind = RecordKind.Vacancy,
            SchemaVersion = "v1",
            SourceOrganisation = (string)record["employerCreditCode"]!,
            SourceRecordId = (string)record["recordId"]!,
            ContentHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))),
            ReceivedAt = DateTimeOffset.UtcNow,
            Record = document.RootElement.Clone(),
        };
        await hub.Services.GetRequiredService<Merger>().MergeAsync([new(new LogPosition("test.search-vacancies", 0, 0), envelope)], TestTimeout.Token());
    }
}
