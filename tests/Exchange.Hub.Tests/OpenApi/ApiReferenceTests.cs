using System.Net;
using System.Text.RegularExpressions;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;

namespace Exchange.Hub.Tests.OpenApi;

/// <summary>The API reference page is served by the hub and loads nothing from anywhere else.</summary>
[Collection(PostgresCollection.Name)]
public sealed partial class ApiReferenceTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_reference_page_references_only_the_hubs_own_origin_and_its_script_is_served_by_the_hub()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var http = hub.Anonymous();

        using var page = await http.GetAsync("/reference", TestTimeout.Token());
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);

        // Every address the page names — in an attribute, in its inline configuration, or written
        // protocol-relative — must be the hub's own.
        var pageAddress = page.RequestMessage!.RequestUri!;
        var foreign = AbsoluteAddress().Matches(html).Select(m => m.Value)
            .Where(address => !SameOrigin(address, pageAddress))
            .ToList();
        Assert.True(foreign.Count == 0, $"The page names other origins: {string.Join(", ", foreign)}\n{html}");

        var scripts = ScriptSource().Matches(html).Select(m => m.Groups["src"].Value).ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            using var served = await http.GetAsync(new Uri(pageAddress, script), TestTimeout.Token());
            Assert.True(served.StatusCode == HttpStatusCode.OK, $"{script} answered {served.StatusCode}");
            Assert.Contains("javascript", served.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        }

        // Tried calls go straight to the hub: an empty proxy setting, since a missing one may fall back to Scalar's proxy.
        Assert.True(html.Contains("\"proxyUrl\":\"\"", StringComparison.Ordinal), $"The page does not switch Scalar's proxy off:\n{html}");

        // The document's address as Scalar's page script resolves it: relative to the application's
        // root, found by cutting the page's own route off the page's path.
        var route = Uri.UnescapeDataString(InitializeCall().Match(html).Groups["route"].Value);
        var source = DocumentSource().Match(html).Groups["url"].Value;
        Assert.True(route.Length > 0 && source.Length > 0, $"No document source found in the page:\n{html}");
        var root = pageAddress.AbsolutePath.EndsWith(route, StringComparison.Ordinal) ? pageAddress.AbsolutePath[..^route.Length] : "";
        var documentAddress = new Uri(new Uri(pageAddress, root + "/"), source);
        using var document = await http.GetAsync(documentAddress, TestTimeout.Token());
        Assert.True(document.StatusCode == HttpStatusCode.OK, $"{documentAddress} answered {document.StatusCode}");
        Assert.Contains("\"openapi\"", await document.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static bool SameOrigin(string address, Uri page)
    {
        var uri = new Uri(address.StartsWith("//", StringComparison.Ordinal) ? page.Scheme + ":" + address : address);
        return uri.Scheme == page.Scheme && uri.Host == page.Host && uri.Port == page.Port;
    }

    [GeneratedRegex(@"(?:https?:)?//[A-Za-z0-9.\-]+(?::\d+)?[^\s""'<>)]*")]
    private static partial Regex AbsoluteAddress();

    [GeneratedRegex(@"initialize\(\s*'(?<route>[^']*)'")]
    private static partial Regex InitializeCall();

    [GeneratedRegex(@"""sources"":\[\{[^\]]*?""url"":""(?<url>[^""]+)""")]
    private static partial Regex DocumentSource();

    [GeneratedRegex(@"<script[^>]*\ssrc=""(?<src>[^""]+)""")]
    private static partial Regex ScriptSource();
}
