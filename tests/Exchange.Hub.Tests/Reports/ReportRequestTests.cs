using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Exchange.Hub.Tests.Security;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;

namespace Exchange.Hub.Tests.Reports;

/// <summary>Report requests that cannot be answered with a report: each gets the status and problem that says why, and refusals are audited.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReportRequestTests(PostgresFixture postgres)
{
    private const string Outcomes = "/v1/reports/outcomes";

    [Fact]
    public async Task Without_a_token_or_the_scope_reports_are_401_and_403()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var anonymous = hub.Anonymous();
        using var employer = hub.ClientFor(TestClients.EmployerA);
        using var bureauWithoutScope = hub.ClientFor(TestClients.Bureau, "index:read");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/reports", TestTimeout.Token())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"{Outcomes}?purpose=statistics", TestTimeout.Token())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await employer.GetAsync("/v1/reports", TestTimeout.Token())).StatusCode);
        using var refused = await bureauWithoutScope.GetAsync($"{Outcomes}?purpose=statistics", TestTimeout.Token());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var audit = await AuditReader.ReadAllAsync(hub);
        Assert.Contains(audit, e => e.CallerClientId == TestClients.Bureau.ClientId && e.Rule == "scope.missing" && e.Action == "GET /v1/reports/{name}");
    }

    [Fact]
    public async Task A_read_without_a_purpose_is_400_and_audited_as_purpose_missing()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var bureau = hub.ClientFor(TestClients.Bureau);

        var problem = await ProblemAsync(bureau, Outcomes, HttpStatusCode.BadRequest);

        Assert.EndsWith("/purpose-required", (string?)problem["type"], StringComparison.Ordinal);
        var entry = Assert.Single(await AuditReader.ReadAllAsync(hub), e => e.CallerClientId == TestClients.Bureau.ClientId);
        Assert.Equal(("deny", "purpose.missing", "GET /v1/reports/{name}"), (entry.Decision, entry.Rule, entry.Action));
    }

    [Fact]
    public async Task A_purpose_other_than_statistics_is_403_statistics_purpose_and_audited()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        await ReportWorld.AgreeAsync(hub);
        using var bureau = hub.ClientFor(TestClients.Bureau);

        var problem = await ProblemAsync(bureau, $"{Outcomes}?purpose=matching", HttpStatusCode.Forbidden);

        Assert.Equal("statistics.purpose", (string?)problem["rule"]);
        Assert.Equal("report.denied", (string?)problem["problems"]![0]!["code"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["problems"]![0]!["messageZh"]));
        Assert.Contains(await AuditReader.ReadAllAsync(hub), e => e.CallerClientId == TestClients.Bureau.ClientId && (e.Decision, e.Rule) == ("deny", "statistics.purpose"));
    }

    [Fact]
    public async Task Without_an_agreement_a_report_is_403_agreement_none_and_audited()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        await ReportWorld.LoadAsync(hub, 50);
        using var bureau = hub.ClientFor(TestClients.Bureau);

        var problem = await ProblemAsync(bureau, $"{Outcomes}?purpose=statistics", HttpStatusCode.Forbidden);

        Assert.Equal("agreement.none", (string?)problem["rule"]);
        var entry = Assert.Single(await AuditReader.ReadAllAsync(hub), e => e.CallerClientId == TestClients.Bureau.ClientId);
        Assert.Equal(("deny", "agreement.none", "statistics"), (entry.Decision, entry.Rule, entry.Purpose));
        Assert.Contains("report/outcomes", entry.FieldsReleased);
    }

    [Fact]
    public async Task An_unknown_report_is_404_naming_the_reports_there_are()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var bureau = hub.ClientFor(TestClients.Bureau);

        var problem = await ProblemAsync(bureau, "/v1/reports/nonesuch?purpose=statistics", HttpStatusCode.NotFound);

        Assert.EndsWith("/report.unknown", (string?)problem["type"], StringComparison.Ordinal);
        var only = Assert.Single(problem["problems"]!.AsArray());
        Assert.Equal("report.unknown", (string?)only!["code"]);
        Assert.Contains("outcomes", (string?)only["message"], StringComparison.Ordinal);
        Assert.Contains("outcomes", (string?)only["messageZh"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_and_unknown_parameters_are_one_400_naming_each_parameter()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var bureau = hub.ClientFor(TestClients.Bureau);

        var problem = await ProblemAsync(bureau,
            $"{Outcomes}?purpose=statistics&cohort=last&region=999999&formula=2019&asOf=31.12.2026&colour=red&format=pdf&lang=fr", HttpStatusCode.BadRequest);

        var named = problem["problems"]!.AsArray().Select(p => ((string?)p!["parameter"], (string?)p["code"])).ToHashSet();
        Assert.Equal(new HashSet<(string?, string?)>
        {
            ("cohort", "report.parameter-invalid"), ("region", "report.parameter-invalid"), ("formula", "report.parameter-invalid"),
            ("asOf", "report.parameter-invalid"), ("colour", "report.parameter-unknown"), ("format", "report.parameter-invalid"),
            ("lang", "report.parameter-invalid"),
        }, named);
        Assert.All(problem["problems"]!.AsArray(), p => Assert.False(string.IsNullOrWhiteSpace((string?)p!["messageZh"])));
        Assert.Contains("cohort", problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task A_parameter_given_twice_is_400_not_a_guess()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var bureau = hub.ClientFor(TestClients.Bureau);

        var problem = await ProblemAsync(bureau, $"{Outcomes}?purpose=statistics&cohort=2025&cohort=2026", HttpStatusCode.BadRequest);

        Assert.Equal("cohort", (string?)Assert.Single(problem["problems"]!.AsArray())!["parameter"]);
    }

    [Fact]
    public async Task An_index_without_graduates_is_409_nothing_to_count()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        await ReportWorld.AgreeAsync(hub);
        using var bureau = hub.ClientFor(TestClients.Bureau);

        var problem = await ProblemAsync(bureau, $"{Outcomes}?purpose=statistics", HttpStatusCode.Conflict);

        Assert.EndsWith("/report.nothing-to-count", (string?)problem["type"], StringComparison.Ordinal);
        Assert.Equal("cohort", (string?)problem["problems"]![0]!["parameter"]);
    }

    [Fact]
    public async Task The_list_names_every_report_with_both_titles_its_parameters_and_links()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var bureau = hub.ClientFor(TestClients.Bureau);

        var list = await bureau.GetFromJsonAsync<JsonObject>("/v1/reports", TestTimeout.Token());

        var reports = list!["reports"]!.AsArray();
        Assert.Equal(Exchange.Reporting.Statistics.ReportService.Catalogue.Select(r => r.Name), reports.Select(r => (string?)r!["name"]));
        var outcomes = reports.Single(r => (string?)r!["name"] == "outcomes")!;
        Assert.False(string.IsNullOrWhiteSpace((string?)outcomes["titles"]!["zh"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)outcomes["titles"]!["en"]));
        Assert.Equal(["cohort", "region", "formula", "asOf"], outcomes["parameters"]!.AsArray().Select(p => (string?)p!["name"]));
        Assert.Equal("/v1/reports/outcomes?purpose=statistics&format=csv", (string?)outcomes["links"]!["csv"]);
    }

    private static async Task<JsonObject> ProblemAsync(HttpClient http, string path, HttpStatusCode expected)
    {
        using var response = await http.GetAsync(path, TestTimeout.Token());
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body)!.AsObject();
    }
}
