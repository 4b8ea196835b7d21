using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;
using Exchange.Testing.Reports;

namespace Exchange.Hub.Tests.Reports;

/// <summary>What report tests set up in a hub: a generated cohort in the index, and the bureau's agreements for statistics.</summary>
internal static class ReportWorld
{
    public const int Cohort = 2026;

    /// <summary>The bureau of the test clients, which holds reports:read.</summary>
    public static TestClients.Client Bureau => TestClients.Bureau;

    /// <summary>Writes <paramref name="graduates"/> graduates of <see cref="Cohort"/> straight into the hub's index.</summary>
    public static Task LoadAsync(HubHost hub, int graduates = 300) =>
        new IndexPopulation().LoadAsync(hub.Database, graduates, Cohort, TestTimeout.Token());

    /// <summary>Records, as the steward, an agreement letting the bureau count every provider's graduates for statistics on <paramref name="basis"/>.</summary>
    public static async Task<string> AgreeAsync(HubHost hub, string basis = "statutory-duty", string organisation = "11410000005184201M")
    {
        using var steward = hub.ClientFor(TestClients.Steward);
        using var response = await steward.PostAsJsonAsync("/v1/steward/agreements", new
        {
            grantee = new { organisation },
            categories = new[] { "education", "outcomes", "hardship", "disability" },
            purposes = new[] { "statistics" },
            validFrom = "2026-01-01",
            validThrough = "2030-12-31",
            legalBasis = "Employment Promotion Law art. 48; provincial statistics programme",
            legalBasisType = basis,
        }, TestTimeout.Token());
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return (string)JsonNode.Parse(body)!["id"]!;
    }
}
