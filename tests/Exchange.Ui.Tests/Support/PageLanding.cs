using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Exchange.Hub.Ingest;
using Microsoft.Playwright;

namespace Exchange.Ui.Tests.Support;

/// <summary>
/// Waiting for the page a click leads to, loaded. Playwright's <c>WaitForURLAsync</c> looks whether
/// the page has loaded and only then listens for its load event, and a load that comes between the
/// two is lost: the wait then times out on a page that loaded long before (microsoft/playwright-dotnet
/// #3364). This asks the page itself where it is and whether it has loaded, again until it has.
/// </summary>
public static class PageLanding
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How long to wait for the page a consent form leads to: the hub answers a consent write once
    /// the consent store has applied it, or with its "not yet in force" problem after
    /// <see cref="ConsentIntake.InForceTimeout"/>. Waiting longer tells a slow store from a failed write.
    /// </summary>
    public static readonly TimeSpan ConsentWriteTimeout = ConsentIntake.InForceTimeout + TimeSpan.FromSeconds(15);

    /// <summary>
    /// Waits until the page is at an address matching <paramref name="urlGlob"/> (Playwright's
    /// globs: <c>**</c> any characters, <c>*</c> any but <c>/</c>, everything else itself) and has loaded.
    /// </summary>
    public static Task WaitForPageAsync(this IPage page, string urlGlob, TimeSpan? timeout = null)
    {
        var pattern = GlobToRegex(urlGlob);
        return page.WaitForPageAsync(pattern.IsMatch, urlGlob, timeout);
    }

    /// <summary>Waits until the page is at an address <paramref name="isAt"/> accepts and has loaded; <paramref name="described"/> names it in a failure.</summary>
    public static async Task WaitForPageAsync(this IPage page, Func<string, bool> isAt, string described, TimeSpan? timeout = null)
    {
        var waited = Stopwatch.StartNew();
        var limit = timeout ?? DefaultTimeout;
        while (true)
        {
            if (await WhereAsync(page) is { } at && at.ReadyState == "complete" && isAt(at.Href))
                return;
            if (waited.Elapsed > limit)
                throw new TimeoutException($"The page did not reach {described} within {limit.TotalSeconds:0} s; it is at {page.Url} and shows: {await ShownAsync(page)}");
            await Task.Delay(PollInterval);
        }
    }

    /// <summary>The page's address and load state, read inside it; null while a navigation replaces the document.</summary>
    private static async Task<(string Href, string ReadyState)?> WhereAsync(IPage page)
    {
        try
        {
            var answer = await page.EvaluateAsync<string[]>("() => [location.href, document.readyState]");
            return (answer[0], answer[1]);
        }
        catch (PlaywrightException)
        {
            return null;
        }
    }

    private static async Task<string> ShownAsync(IPage page)
    {
        try
        {
            return await page.Locator("main").InnerTextAsync(new() { Timeout = 5_000 });
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            return "(no main element)";
        }
    }

    private static Regex GlobToRegex(string glob)
    {
        var pattern = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            if (glob[i] != '*')
                pattern.Append(Regex.Escape(glob[i].ToString()));
            else if (i + 1 < glob.Length && glob[i + 1] == '*')
            {
                pattern.Append(".*");
                i++;
            }
            else
                pattern.Append("[^/]*");
        }
        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
