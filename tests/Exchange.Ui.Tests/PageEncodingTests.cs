using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Exchange.Ui.Tests.Support;

namespace Exchange.Ui.Tests;

/// <summary>How a page's text reaches the browser: as UTF-8 characters, escaped only where HTML needs it.</summary>
[Collection(UiCollection.Name)]
public sealed partial class PageEncodingTests(UiFixture fixture)
{
    [Fact]
    public async Task Pages_sent_every_Chinese_character_as_a_numeric_entity_three_times_its_weight()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        using var http = new HttpClient { BaseAddress = hub.Address };

        var answer = await http.GetAsync(new Uri("/ui/sign-in", UriKind.Relative));
        var page = Encoding.UTF8.GetString(await answer.Content.ReadAsByteArrayAsync());

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("utf-8", answer.Content.Headers.ContentType?.CharSet);
        Assert.Contains("<h1>登录</h1>", page, StringComparison.Ordinal);
        // An entity for a character outside ASCII: text written for people, escaped as if it were markup.
        var entity = NonAsciiEntity().Match(page);
        Assert.False(entity.Success, $"{entity.Value} in: {page[Math.Max(0, entity.Index - 80)..Math.Min(page.Length, entity.Index + 80)]}");
    }

    [Fact]
    public async Task Markup_in_a_pages_text_is_still_escaped()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        using var http = new HttpClient { BaseAddress = hub.Address };

        // The sign-in page writes the address to return to into its forms: a hostile one stays text.
        var answer = await http.GetAsync(new Uri("/ui/sign-in?return=%2Fui%2F%22%3E%3Cscript%3E%E7%99%BB'", UriKind.Relative));
        var page = await answer.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("value=\"/ui/&quot;&gt;&lt;script&gt;登&#x27;\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);
    }

    [GeneratedRegex("&#x(?:[0-9A-F]{3,}|[89A-F][0-9A-F]);", RegexOptions.IgnoreCase)]
    private static partial Regex NonAsciiEntity();
}
