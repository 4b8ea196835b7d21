using Microsoft.Playwright;

namespace Exchange.Ui.Tests.Support;

/// <summary>A person with a keyboard alone: presses Tab and Enter, and notes every stop where focus was not drawn.</summary>
public sealed class KeyboardWalk(IPage page, int mostTabsToReachAControl = 80)
{
    /// <summary>Every stop, page and element, where the focused element showed no visible focus.</summary>
    public List<string> WithoutVisibleFocus { get; } = [];

    public async Task TabAsync()
    {
        await page.Keyboard.PressAsync("Tab");
        if (!await page.FocusIsVisibleAsync())
            WithoutVisibleFocus.Add($"{page.Url}: {await page.FocusedAsync()}");
    }

    /// <summary>Tabs until the element matching <paramref name="selector"/> has focus; fails when it never does.</summary>
    public async Task TabToAsync(string selector)
    {
        for (var presses = 0; presses < mostTabsToReachAControl; presses++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
                return;
            await TabAsync();
        }
        Assert.Fail($"Tab never reached {selector} on {page.Url}");
    }

    public async Task EnterAndWaitAsync(string url)
    {
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForPageAsync(url);
    }
}
