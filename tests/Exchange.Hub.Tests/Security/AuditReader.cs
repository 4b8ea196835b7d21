using System.Net.Http.Json;
using System.Text.Json;
using Exchange.Hub.Steward;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;

namespace Exchange.Hub.Tests.Security;

/// <summary>Reads the whole audit log the way a steward does: <c>GET /v1/steward/audit</c> with an audit:read token.</summary>
public static class AuditReader
{
    public static async Task<IReadOnlyList<AuditEntryResponse>> ReadAllAsync(HubHost hub)
    {
        using var http = hub.ClientFor(TestClients.Steward);
        var entries = new List<AuditEntryResponse>();
        long after = 0;
        while (true)
        {
            using var response = await http.GetAsync($"/v1/steward/audit?after={after}&limit=1000", TestTimeout.Token());
            Assert.True(response.IsSuccessStatusCode, $"The steward could not read the audit: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var page = await response.Content.ReadFromJsonAsync<AuditPageResponse>(JsonSerializerOptions.Web, TestTimeout.Token());
            entries.AddRange(page!.Entries);
            if (page.Next is not { } next)
                return entries;
            after = next;
        }
    }
}
