using System.Net;
using System.Text.Json.Nodes;
using Exchange.Hub.Tests.Security;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;
using Exchange.Core.Pseudonymisation;

namespace Exchange.Hub.Tests.Search;

/// <summary>
/// Graduate search and fetch by handle over HTTP: bad requests named, every graduate released by
/// the release service (masked, audited, hidden ones skipped), pages followed to the end, and a
/// handle good only for the organisation it was given to.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class GraduateSearchApiTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_bad_search_gets_a_problem_naming_the_parameter_and_a_search_without_purpose_is_refused_and_audited()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var employer = hub.ClientFor(TestClients.EmployerA);

        using var noPurpose = await employer.GetAsync("/v1/graduates?region=41", TestTimeout.Token());
        Assert.Equal(HttpStatusCode.BadRequest, noPurpose.StatusCode);
        Assert.Equal("https://graduate-exchange.org/problems/purpose-required", (string?)JsonNode.Parse(await noPurpose.Content.ReadAsStringAsync())!["type"]);

        foreach (var (path, parameter) in new[]
        {
            ("/v1/graduates?purpose=matching&region=4", "region"),
            ("/v1/graduates?purpose=matching&education=99", "education"),
            ("/v1/graduates?purpose=matching&major=12", "major"),
            ("/v1/graduates?purpose=matching&cohort=1900", "cohort"),
            ("/v1/graduates?purpose=matching&skills=a,,b", "skills"),
            ("/v1/graduates?purpose=matching&accommodation=", "accommodation"),
            ("/v1/graduates?purpose=matching&policy=nothing", "policy"),
            ("/v1/graduates?purpose=matching&policy=11410000MB0000001X/NO-SUCH-POLICY", "policy"),
            ("/v1/graduates?purpose=matching&available=maybe", "available"),
            ("/v1/graduates?purpose=matching&limit=1000", "limit"),
            ("/v1/graduates?purpose=matching&cursor=xyz", "cursor"),
            ("/v1/vacancies?purpose=matching&accessibility=lift", "accessibility"),
            ("/v1/vacancies?purpose=matching&inclusive=quota", "inclusive"),
            ("/v1/vacancies?purpose=matching&validOn=tomorrow", "validOn"),
            ("/v1/vacancies?purpose=matching&available=true", "available"),
        })
        {
            using var response = await employer.GetAsync(path, TestTimeout.Token());
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(body)!;
            Assert.True(problem["errors"]![parameter] is not null, $"{path}: {body}");
            Assert.Equal(parameter, (string?)Assert.Single(problem["problems"]!.AsArray())!["parameter"]);
        }

        var audit = await AuditReader.ReadAllAsync(hub);
        Assert.Contains(audit, e => e.CallerClientId == TestClients.EmployerA.ClientId && e.Action == "GET /v1/graduates" && e.Rule == "purpose.missing");
    }

    [Fact]
    public async Task Each_graduate_found_is_released_masked_and_audited_and_one_the_caller_may_not_see_is_left_out()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        var world = await SubjectWorld.BuildAsync(hub, employerRoleOnly: true);
        var shared = world.SharedWithEmployers;
        var hiddenKey = hub.Services.GetRequiredService<LinkageKeys>().KeyFor(ResidentIds.Make(700))!;
        var hiddenValues = await SubjectWorld.InsertGraduateAsync(hub, TestClients.UniversityA.Organisation, 700, hiddenKey);
        using var employer = hub.ClientFor(TestClients.EmployerA);

        var items = await AllPagesAsync(employer, "/v1/graduates?purpose=matching&region=41&limit=1");

        var item = Assert.Single(items);
        var graduate = item["graduate"]!.AsObject();
        Assert.Equal(shared.PersonalValues[0], (string?)graduate["name"]);
        Assert.Equal("120203K", (string?)graduate["majorCode"]);
        // Hardship is no category of the agreement: the university's flag is masked.
        Assert.False(graduate.ContainsKey("hardshipFlags"));
        Assert.False(graduate.ContainsKey("residentId"));
        var text = item.ToJsonString();
        Assert.DoesNotContain(hiddenValues, v => text.Contains(v, StringComparison.Ordinal));
        Assert.DoesNotContain(shared.SubjectKey, text, StringComparison.Ordinal);

        var handle = (string)item["subject"]!;
        var audit = (await AuditReader.ReadAllAsync(hub)).Where(e => e.CallerClientId == TestClients.EmployerA.ClientId && e.Action == "GET /v1/graduates").ToList();
        Assert.Contains(audit, e => e.Decision == "permit" && e.SubjectHandle == handle && e.FieldsReleased.Contains("graduate/name"));
        Assert.Contains(audit, e => e.Decision == "deny" && e.SubjectHandle != handle);
    }

    [Fact]
    public async Task A_filter_on_a_field_the_caller_may_not_read_finds_no_one_and_the_refusal_is_audited()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        await SubjectWorld.BuildAsync(hub, employerRoleOnly: true);
        using var employer = hub.ClientFor(TestClients.EmployerA);

        // Outcomes are no category of the employer's agreement: whether a graduate is placed is not its to filter on.
        using var response = await employer.GetAsync("/v1/graduates?purpose=matching&available=true", TestTimeout.Token());
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Empty(JsonNode.Parse(body)!["items"]!.AsArray());

        var audit = await AuditReader.ReadAllAsync(hub);
        Assert.Contains(audit, e => e.CallerClientId == TestClients.EmployerA.ClientId && e.Decision == "deny" && e.Rule == "search.filter-not-released");
    }

    [Fact]
    public async Task A_handle_fetches_its_graduate_for_its_own_organisation_only_and_other_or_unknown_handles_get_the_same_404()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        var world = await SubjectWorld.BuildAsync(hub, employerRoleOnly: true);
        using var employer = hub.ClientFor(TestClients.EmployerA);
        using var other = hub.ClientFor(TestClients.EmployerB);
        var handle = (string)Assert.Single(await AllPagesAsync(employer, "/v1/graduates?purpose=matching"))["subject"]!;

        using var own = await employer.GetAsync($"/v1/graduates/{handle}?purpose=matching", TestTimeout.Token());
        var body = await own.Content.ReadAsStringAsync();
        Assert.True(own.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal(world.SharedWithEmployers.PersonalValues[0], (string?)JsonNode.Parse(body)!["graduate"]!["name"]);
        Assert.Equal(handle, (string?)JsonNode.Parse(body)!["subject"]);

        // The same agreement covers the other employer, but the handle was given to the first one.
        using var otherOrganisation = await other.GetAsync($"/v1/graduates/{handle}?purpose=matching", TestTimeout.Token());
        using var unknown = await employer.GetAsync("/v1/graduates/cand_0000000000000000?purpose=matching", TestTimeout.Token());
        using var noPurpose = await employer.GetAsync($"/v1/graduates/{handle}", TestTimeout.Token());

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (otherOrganisation.StatusCode, unknown.StatusCode));
        Assert.Equal(Problem(await otherOrganisation.Content.ReadAsStringAsync()), Problem(await unknown.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, noPurpose.StatusCode);
        var audit = await AuditReader.ReadAllAsync(hub);
        Assert.Contains(audit, e => e.CallerClientId == TestClients.EmployerB.ClientId && e.Action == "GET /v1/graduates/{handle}" && e.Rule == "subject.unknown");
    }

    [Fact]
    public async Task A_fetch_by_handle_whose_fields_was_misspelt_released_every_field_instead_of_refusing()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        await SubjectWorld.BuildAsync(hub, employerRoleOnly: true);
        using var employer = hub.ClientFor(TestClients.EmployerA);
        var handle = (string)Assert.Single(await AllPagesAsync(employer, "/v1/graduates?purpose=matching"))["subject"]!;

        using var narrowed = await employer.GetAsync($"/v1/graduates/{handle}?purpose=matching&fields=graduate/educationLevel", TestTimeout.Token());
        using var misspelt = await employer.GetAsync($"/v1/graduates/{handle}?purpose=matching&field=graduate/educationLevel", TestTimeout.Token());

        Assert.Null(JsonNode.Parse(await narrowed.Content.ReadAsStringAsync())!["graduate"]!["name"]);
        var body = await misspelt.Content.ReadAsStringAsync();
        Assert.True(misspelt.StatusCode == HttpStatusCode.BadRequest, $"{(int)misspelt.StatusCode} {body}");
        var problem = Assert.Single(JsonNode.Parse(body)!["problems"]!.AsArray())!;
        Assert.Equal(("search.unknown-parameter", "field"), ((string?)problem["code"], (string?)problem["parameter"]));
        Assert.Contains("purpose, fields", (string?)problem["message"], StringComparison.Ordinal);
        // A parameter's name binds whatever its case, as it did before unknown ones were refused.
        using var capitalised = await employer.GetAsync($"/v1/graduates/{handle}?Purpose=matching&Fields=graduate/educationLevel", TestTimeout.Token());
        Assert.Equal(HttpStatusCode.OK, capitalised.StatusCode);
    }

    [Fact]
    public async Task A_search_page_does_not_betray_graduates_the_caller_may_not_see()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        await SubjectWorld.BuildAsync(hub, employerRoleOnly: true);
        using var employer = hub.ClientFor(TestClients.EmployerA);
        var linkage = hub.Services.GetRequiredService<LinkageKeys>();
        const string First = "/v1/graduates?purpose=matching&region=41&limit=1";
        var before = await PageShapesAsync(employer, First);

        // Graduates the employer may not see, before and after the one it may: the pages it gets
        // (how many items, whether a next page is announced) must not change, and no cursor may
        // tell how far the search read.
        foreach (var index in new[] { 700, 701, 702, 703 })
            await SubjectWorld.InsertGraduateAsync(hub, TestClients.UniversityA.Organisation, index, linkage.KeyFor(ResidentIds.Make(index))!);
        var after = await PageShapesAsync(employer, First);

        Assert.Equal(before, after);
        Assert.Equal([1, 0], after.Select(p => p.Items));

        using var forged = await employer.GetAsync(
            $"/v1/graduates?purpose=matching&region=41&limit=1&cursor={System.Buffers.Text.Base64Url.EncodeToString("g1.1"u8)}", TestTimeout.Token());
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        // A cursor is the caller's: another client, or another purpose, cannot follow it.
        using var firstPage = await employer.GetAsync(First, TestTimeout.Token());
        var next = (string)JsonNode.Parse(await firstPage.Content.ReadAsStringAsync())!["next"]!;
        using var other = hub.ClientFor(TestClients.EmployerB);
        using var borrowed = await other.GetAsync(next, TestTimeout.Token());
        Assert.Equal(HttpStatusCode.BadRequest, borrowed.StatusCode);
        using var repurposed = await employer.GetAsync(next.Replace("purpose=matching", "purpose=research", StringComparison.Ordinal), TestTimeout.Token());
        Assert.Equal(HttpStatusCode.BadRequest, repurposed.StatusCode);
    }

    [Fact]
    public async Task A_search_whose_every_graduate_is_hidden_answers_one_empty_page_without_a_next()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        await SubjectWorld.BuildAsync(hub, employerRoleOnly: true);
        using var stranger = hub.ClientFor(TestClients.EmployerB);
        var linkage = hub.Services.GetRequiredService<LinkageKeys>();
        foreach (var index in new[] { 700, 701, 702 })
            await SubjectWorld.InsertGraduateAsync(hub, TestClients.UniversityA.Organisation, index, linkage.KeyFor(ResidentIds.Make(index))!);

        // Outcomes are no category of any employer's agreement: every graduate is refused on the filter.
        var shapes = await PageShapesAsync(stranger, "/v1/graduates?purpose=matching&available=true&limit=1");

        Assert.Equal([(0, false)], shapes);
    }

    // What a caller learns of a search without reading the items: their count per page and whether a next page is announced.
    private static async Task<List<(int Items, bool Next)>> PageShapesAsync(HttpClient client, string first)
    {
        var shapes = new List<(int, bool)>();
        for (string? next = first; next is not null;)
        {
            using var response = await client.GetAsync(next, TestTimeout.Token());
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            var page = JsonNode.Parse(body)!;
            next = (string?)page["next"];
            shapes.Add((page["items"]!.AsArray().Count, next is not null));
        }
        return shapes;
    }

    /// <summary>Follows the <c>next</c> links to the end; a short or empty page is not the end.</summary>
    internal static async Task<List<JsonObject>> AllPagesAsync(HttpClient client, string first)
    {
        var items = new List<JsonObject>();
        for (string? next = first; next is not null;)
        {
            using var response = await client.GetAsync(next, TestTimeout.Token());
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            var page = JsonNode.Parse(body)!;
            items.AddRange(page["items"]!.AsArray().Select(i => i!.AsObject()));
            next = (string?)page["next"];
        }
        return items;
    }

    private static string Problem(string body)
    {
        var problem = JsonNode.Parse(body)!.AsObject();
        problem.Remove("traceId");
        return problem.ToJsonString();
    }
}
