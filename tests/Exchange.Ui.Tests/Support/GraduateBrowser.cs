using System.Text;
using System.Text.Json.Nodes;
using Exchange.Core.Pseudonymisation;
using Exchange.Index.Queries;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Exchange.Ui.Tests.Support;

/// <summary>What the tests do the way a graduate does, and the university that vouches for them.</summary>
public static class GraduateBrowser
{
    /// <summary>Where the university sits among the test hub's registered clients (after <see cref="UiClients.All"/>).</summary>
    public const int UniversityIndex = 20;

    public const string InstitutionCode = "4111010001";

    public static readonly UiClients.Client University = new("zzu-pages", "12410000415800711E", "university", ["records:write:graduate"]);

    /// <summary>Zhang Xiaowen, a graduate of <see cref="University"/>.</summary>
    public const string Zhang = "410102200304120222";

    /// <summary>Li Jianguo, another graduate of the same university.</summary>
    public const string Li = "510104200211030371";

    /// <summary>王丽娜 of the samples: no record of hers is pushed, so what her pages show is what a test gave her.</summary>
    public const string Wang = "530102200307250425";

    /// <summary>Gives a consent through the pages — every party of <paramref name="role"/>, the categories and purposes named — up to its confirmation.</summary>
    public static async Task GiveConsentAsync(this IPage page, UiHub hub, string role, string[] categories, string[] purposes, string through = "2099-12-31")
    {
        await page.GotoAsync(hub.Page("/ui/me/consents/give"));
        await page.Locator("#grantee-role").SelectOptionAsync(role);
        foreach (var category in categories)
            await page.Locator($"#categories-{category}").CheckAsync();
        foreach (var purpose in purposes)
            await page.Locator($"#purposes-{purpose}").CheckAsync();
        await page.Locator("#valid-through").FillAsync(through);
        await page.Locator("form.consent-form button[type=submit]").ClickAsync();
        await page.Locator("#give-effect").WaitForAsync();
    }

    /// <summary>Signs in through the development sign-in as the graduate with <paramref name="residentId"/> and lands on their data.</summary>
    public static async Task SignInAsGraduateAsync(this IPage page, UiHub hub, string residentId)
    {
        await page.GotoAsync(hub.Page("/ui/sign-in"));
        await page.Locator("#university").SelectOptionAsync(University.ClientId);
        await page.Locator("#resident-id").FillAsync(residentId);
        await page.Locator("form:has(#resident-id) button[type=submit]").ClickAsync();
        await page.WaitForPageAsync("**/ui/me");
    }

    /// <summary>The university pushes a student record of each graduate; returns once the merged index holds them all.</summary>
    public static async Task PushGraduatesAsync(this UiHub hub, params (string ResidentId, string Name, string RecordId)[] graduates)
    {
        var records = new JsonArray([.. graduates.Select(g => (JsonNode)new JsonObject
        {
            ["recordId"] = g.RecordId,
            ["institutionCode"] = InstitutionCode,
            ["studentId"] = "S" + g.RecordId,
            ["residentId"] = g.ResidentId,
            ["name"] = g.Name,
            ["sex"] = g.ResidentId[16] % 2 == 0 ? "2" : "1",
            ["birthDate"] = $"{g.ResidentId[6..10]}-{g.ResidentId[10..12]}-{g.ResidentId[12..14]}",
            ["originRegion"] = g.ResidentId[..6],
            ["educationLevel"] = "21",
            ["majorCode"] = "120203K",
            ["majorName"] = "会计学",
            ["enrolmentDate"] = "2022-09-01",
            ["graduationDate"] = "2026-06-30",
            ["cohort"] = 2026,
            ["hardshipFlags"] = new JsonArray("minimum-living-allowance"),
        })]);
        using var api = hub.Api(University);
        using var response = await api.PostAsync("/v1/records/graduate", new StringContent(records.ToJsonString(), Encoding.UTF8, "application/json"), TestTimeout.Token());
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, answer);

        var reader = hub.Services.GetRequiredService<SubjectRecordReader>();
        var keys = hub.Services.GetRequiredService<Pseudonymiser>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        foreach (var (residentId, _, _) in graduates)
        {
            // The merger applies what was pushed in the background: wait for it, never for a fixed time.
            while ((await reader.LatestBySubjectAsync(keys.SubjectKeyOf(residentId)!, TestTimeout.Token())).Count == 0)
            {
                Assert.True(DateTimeOffset.UtcNow < deadline, "The merged index did not take the pushed graduates within a minute.");
                await Task.Delay(50);
            }
        }
    }
}

/// <summary>Vacancies an employer posts, for the graduate's recommended jobs.</summary>
public static class EmployerVacancies
{
    /// <summary>An accounting job open until the end of the century that fits the pushed graduates' major (会计学, 120203K) exactly.</summary>
    public const string Accounting = "BOC-ACCOUNTING-01";

    /// <summary>The employer posts its vacancies; returns once the merged index holds them.</summary>
    public static async Task PostAsync(UiHub hub)
    {
        var vacancy = new JsonObject
        {
            ["recordId"] = Accounting,
            ["employerCreditCode"] = UiClients.Employer.Organisation,
            ["employerName"] = "中国银行股份有限公司",
            ["title"] = "会计助理",
            ["occupationCode"] = "2-06-01",
            ["workRegion"] = "410102",
            ["minEducationLevel"] = "21",
            ["majors"] = new JsonArray("120203K"),
            ["payMin"] = 5000,
            ["payMax"] = 7000,
            ["contractType"] = "fixed-term",
            ["positions"] = 2,
            ["validFrom"] = "2026-01-01",
            ["validThrough"] = "2099-12-31",
        };
        using var api = hub.Api(UiClients.Employer);
        using var response = await api.PostAsync("/v1/records/vacancy", new StringContent(new JsonArray(vacancy).ToJsonString(), Encoding.UTF8, "application/json"),
            TestTimeout.Token());
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var retrieval = hub.Services.GetRequiredService<Exchange.Index.Matching.MatchRetrieval>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        // The merger applies what was pushed in the background: wait for it, never for a fixed time.
        while (await retrieval.VacancyAsync(UiClients.Employer.Organisation, Accounting, TestTimeout.Token()) is null)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "The merged index did not take the posted vacancy within a minute.");
            await Task.Delay(50);
        }
    }
}

/// <summary>Consents recorded and read back through the steward API, beside what the pages do.</summary>
public static class StewardConsents
{
    /// <summary>A steward records, through the API, the graduate's consent for every party of <paramref name="role"/> to receive education data for matching.</summary>
    public static async Task RecordAsync(UiHub hub, string residentId, string recordId, string role = "employer")
    {
        var consent = new JsonObject
        {
            ["recordId"] = recordId,
            ["residentId"] = residentId,
            ["grantee"] = new JsonObject { ["role"] = role },
            ["purposes"] = new JsonArray("matching"),
            ["dataCategories"] = new JsonArray("education"),
            ["validFrom"] = "2026-01-01",
            ["validThrough"] = "2099-12-31",
            ["status"] = "active",
            ["givenAt"] = "2026-01-01T08:00:00Z",
            ["evidence"] = new JsonObject { ["method"] = "signed-form", ["reference"] = "form " + recordId },
        };
        using var api = hub.Api(UiClients.Steward);
        using var response = await api.PostAsync("/v1/steward/consents", new StringContent(consent.ToJsonString(), Encoding.UTF8, "application/json"), TestTimeout.Token());
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The graduate's consents as the steward API lists them.</summary>
    public static async Task<List<Exchange.Hub.Steward.ConsentResponse>> OfAsync(UiHub hub, string residentId)
    {
        var key = hub.Services.GetRequiredService<Pseudonymiser>().SubjectKeyOf(residentId)!;
        using var api = hub.Api(UiClients.Steward);
        return (await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<List<Exchange.Hub.Steward.ConsentResponse>>(
            api, $"/v1/steward/consents?subject={key}", TestTimeout.Token()))!;
    }
}

/// <summary>Services of a running hub, for reading back what the pages did.</summary>
public static class HubServices
{
    public static T GetRequiredServiceOf<T>(this IServiceProvider services) where T : notnull => services.GetRequiredService<T>();
}
