using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Core.Pseudonymisation;
using Exchange.Hub.Steward;
using Exchange.Hub.Tests.Security;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Hub.Tests.Matching;

/// <summary>
/// Graduates of the first university (the sample graduate: accommodation needs, a hardship flag),
/// shared with employers for matching under identity and education — and, when asked, disability
/// under a separate consent — and an open vacancy of the first employer that suits them.
/// </summary>
internal sealed record MatchWorld(IReadOnlyList<string> SubjectKeys, IReadOnlyList<string> RecordIds, JsonObject Vacancy)
{
    public static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    public static async Task<MatchWorld> BuildAsync(HubHost hub, int graduates, bool releaseDisability, int firstResident)
    {
        using var steward = hub.ClientFor(TestClients.Steward);
        string[] categories = releaseDisability ? ["identity", "education", "disability"] : ["identity", "education"];
        var agreement = new AgreementRequest(TestClients.UniversityA.Organisation, new GranteeDto(null, "employer"), categories, ["matching"],
            Today.AddDays(-30), Today.AddDays(365), SubjectWorld.LegalBasis);
        using (var created = await steward.PostAsJsonAsync("/v1/steward/agreements", agreement, JsonSerializerOptions.Web, TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var keys = hub.Services.GetRequiredService<LinkageKeys>();
        var subjectKeys = new List<string>();
        var recordIds = new List<string>();
        for (var i = 0; i < graduates; i++)
        {
            var residentId = ResidentIds.Make(firstResident + i);
            var subjectKey = keys.KeyFor(residentId)!;
            await ConsentAsync(steward, $"MATCH-{firstResident + i}", residentId, ["identity", "education"]);
            if (releaseDisability)
                await ConsentAsync(steward, $"MATCH-D-{firstResident + i}", residentId, ["disability"]);
            var graduate = Samples.Valid("graduate");
            graduate["recordId"] = $"MATCH-{firstResident + i:D4}";
            graduate["studentId"] = $"88{firstResident + i:D8}";
            graduate["name"] = $"匹配学生{firstResident + i:D4}";
            graduate["accommodationNeeds"] = new JsonArray("无障碍通道", "screen-reader");
            // Fewer shared skills further down, so that the ranking has an order to check.
            graduate["skills"] = new JsonArray([.. new[] { "Excel", "财务报表分析", "英语六级" }.Take(3 - i % 3).Select(s => (JsonNode?)s)]);
            await SubjectWorld.InsertRecordAsync(hub, "graduate", TestClients.UniversityA.Organisation, graduate, subjectKey);
            subjectKeys.Add(subjectKey);
            recordIds.Add((string)graduate["recordId"]!);
        }

        var vacancy = Samples.Valid("vacancy");
        vacancy["recordId"] = $"MATCH-V-{firstResident}";
        vacancy["workRegion"] = "410105";
        vacancy["majors"] = new JsonArray("120203K");
        vacancy["skills"] = new JsonArray("Excel", "财务报表分析", "英语六级");
        vacancy["accessibilityFeatures"] = new JsonArray("step-free-access");
        vacancy["physicalRequirements"] = new JsonArray("climbing", "visual-only-work");
        vacancy["inclusiveHiring"] = new JsonArray("hardship-priority", "disability-friendly");
        vacancy["validFrom"] = Today.AddDays(-10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        vacancy["validThrough"] = Today.AddDays(60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await SubjectWorld.InsertRecordWithoutSubjectAsync(hub, Exchange.Core.Model.RecordKind.Vacancy, TestClients.EmployerA.Organisation, vacancy);
        return new MatchWorld(subjectKeys, recordIds, new JsonObject { ["sourceOrganisation"] = TestClients.EmployerA.Organisation, ["recordId"] = (string)vacancy["recordId"]! });
    }

    public static StringContent Body(JsonObject body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    public JsonObject ForVacancy(int? limit = null)
    {
        var body = new JsonObject { ["purpose"] = "matching", ["vacancy"] = Vacancy.DeepClone() };
        if (limit is not null)
            body["limit"] = limit;
        return body;
    }

    private static async Task ConsentAsync(HttpClient steward, string recordId, string residentId, string[] categories)
    {
        var consent = ConsentWriteMatrixTests.Consent(recordId, residentId, new JsonObject { ["role"] = "employer" }, "matching", categories);
        using var recorded = await steward.PostAsync("/v1/steward/consents", Body(consent), TestTimeout.Token());
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
    }
}
