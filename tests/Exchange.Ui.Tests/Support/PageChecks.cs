using System.Text.Json;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace Exchange.Ui.Tests.Support;

/// <summary>Checks a page as it stands in the browser; each returns what is wrong, empty when nothing is.</summary>
public static class PageChecks
{
    /// <summary>The WCAG levels the pages are held to.</summary>
    public static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"];

    /// <summary>What axe finds against <see cref="WcagTags"/>, one line a violating element.</summary>
    /// <remarks>
    /// Axe runs in the page itself, in one call. The package's own <c>RunAxe</c> finishes every run in
    /// a blank page of a new browser context, to gather results from cross-origin frames, which these
    /// pages never have; that extra context and a second parse of axe cost about 1.5 s a state.
    /// </remarks>
    public static async Task<IReadOnlyList<string>> AxeViolationsAsync(this IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe?.run === 'function'"))
            await page.EvaluateAsync(AxeSource.Value);
        var outcome = await page.EvaluateAsync<JsonElement>("""
            async tags => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
              return { passed: r.passes.length, violations: r.violations.flatMap(v => v.nodes.map(n => ({ rule: v.id, impact: v.impact, target: n.target.join(' '), html: n.html }))) };
            }
            """, WcagTags);
        var result = outcome.Deserialize<AxeOutcome>(JsonSerializerOptions.Web)!;
        // A page axe could not read would pass with no violation: it must at least have passed rules.
        if (result.Passed == 0)
            return [$"{page.Url}: axe passed no rule at all"];
        return [.. result.Violations.Select(v => $"{page.Url}: {v.Rule} ({v.Impact}) at {v.Target}: {v.Html}")];
    }

    // The axe-core the package ships (its version is the package's), read once.
    private static readonly Lazy<string> AxeSource = new(() =>
    {
        const string resource = "Deque.AxeCore.Commons.Resources.axe.min.js";
        using var stream = typeof(AxeResult).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Deque.AxeCore.Commons no longer holds {resource}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private sealed record AxeOutcome(int Passed, AxeFinding[] Violations);

    private sealed record AxeFinding(string Rule, string? Impact, string Target, string Html);

    /// <summary>True when the page scrolls sideways.</summary>
    public static Task<bool> ScrollsSidewaysAsync(this IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");

    /// <summary>Elements whose text is cut off: wider or taller than their box while their overflow hides it.</summary>
    public static async Task<IReadOnlyList<string>> ClippedTextAsync(this IPage page) =>
        await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('body *')]
              .filter(e => !e.closest('.visually-hidden') && e.offsetParent !== null && e.textContent.trim().length > 0)
              .filter(e => { const s = getComputedStyle(e); return ['hidden', 'clip'].includes(s.overflowX) || ['hidden', 'clip'].includes(s.overflowY); })
              .filter(e => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
              .map(e => e.outerHTML.slice(0, 120))
            """);

    /// <summary>
    /// Controls smaller than 24×24 CSS px, leaving out what WCAG 2.5.8 leaves out: a link inside a
    /// sentence (a paragraph or a definition) and anything not shown.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SmallTargetsAsync(this IPage page) =>
        await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')]
              .filter(e => e.getClientRects().length > 0 && !e.closest('.visually-hidden'))
              .filter(e => !(e.tagName === 'A' && e.closest('p, dd')))
              .filter(e => !(e.classList.contains('skip-link') && document.activeElement !== e))
              .map(e => ({ e, r: e.getBoundingClientRect() }))
              .filter(({ r }) => r.width < 24 || r.height < 24)
              .map(({ e, r }) => `${e.outerHTML.slice(0, 100)} is ${r.width.toFixed(1)}x${r.height.toFixed(1)}`)
            """);

    /// <summary>Controls in the browser's accessibility tree that have no name: what a screen reader would call "button" or "link" alone.</summary>
    public static async Task<IReadOnlyList<string>> UnnamedControlsAsync(this IPage page, IBrowserContext context)
    {
        var session = await context.NewCDPSessionAsync(page);
        var tree = await session.SendAsync("Accessibility.getFullAXTree");
        string[] controls = ["link", "button", "textbox", "combobox", "checkbox", "radio", "listbox", "searchbox", "spinbutton"];
        var unnamed = new List<string>();
        var count = 0;
        foreach (var node in tree!.Value.GetProperty("nodes").EnumerateArray())
        {
            if (node.TryGetProperty("ignored", out var ignored) && ignored.GetBoolean())
                continue;
            var role = node.TryGetProperty("role", out var r) && r.TryGetProperty("value", out var rv) ? rv.GetString() : null;
            if (role is null || !controls.Contains(role))
                continue;
            count++;
            var name = node.TryGetProperty("name", out var n) && n.TryGetProperty("value", out var nv) ? nv.GetString() : null;
            if (string.IsNullOrWhiteSpace(name))
                unnamed.Add($"{page.Url}: a {role} without a name (node {node.GetProperty("nodeId").GetString()})");
        }
        await session.DetachAsync();
        if (count == 0)
            unnamed.Add($"{page.Url}: the accessibility tree holds no control at all");
        return unnamed;
    }

    /// <summary>The focused element's id, class and tag, to say where focus is.</summary>
    public static Task<string> FocusedAsync(this IPage page) =>
        page.EvaluateAsync<string>("() => { const e = document.activeElement; return e ? `${e.tagName.toLowerCase()}#${e.id}.${e.className}` : ''; }");

    /// <summary>True when the focused element draws a focus indicator: an outline of at least 2 px.</summary>
    public static Task<bool> FocusIsVisibleAsync(this IPage page) =>
        page.EvaluateAsync<bool>("""
            () => { const e = document.activeElement; if (!e || e === document.body) return false;
                    const s = getComputedStyle(e); return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }
            """);

    /// <summary>
    /// Enlarges the page's text to 200% (the context must bypass the pages' content security policy,
    /// which refuses an inserted style) and answers what then scrolls sideways or is cut off.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ProblemsAtDoubleTextAsync(this IPage page, string state)
    {
        var before = await page.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)");
        await page.AddStyleTagAsync(new PageAddStyleTagOptions { Content = "html { font-size: 200% !important; }" });
        var after = await page.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)");
        Assert.True(after >= 2 * before - 0.5, $"[{state}] the text did not grow: {before} px, then {after} px");
        var problems = new List<string>();
        if (await page.ScrollsSidewaysAsync())
            problems.Add($"[{state}] {page.Url} scrolls sideways with text at 200%");
        problems.AddRange((await page.ClippedTextAsync()).Select(c => $"[{state}] cut off: {c}"));
        return problems;
    }

    /// <summary>The most a page may weigh, images aside: its document and the stylesheets and scripts it loads.</summary>
    public const int MostBytes = 100 * 1024;

    /// <summary>What the page is made of, fetched again: its document and each stylesheet, image or script it names; and how many those are.</summary>
    public static async Task<(long Bytes, int Resources)> WeightAsync(this IPage page, IBrowserContext context)
    {
        var resources = await page.EvaluateAsync<string[]>("() => [location.href, ...performance.getEntriesByType('resource').map(r => r.name)]");
        var bytes = 0L;
        foreach (var resource in resources.Distinct())
            bytes += (await (await context.APIRequest.GetAsync(resource)).BodyAsync()).Length;
        return (bytes, resources.Length);
    }

    public static string Describe(IEnumerable<string> problems) => string.Join(Environment.NewLine, problems);
}
