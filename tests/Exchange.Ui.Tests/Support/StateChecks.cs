using Microsoft.Playwright;

namespace Exchange.Ui.Tests.Support;

/// <summary>
/// The checks of one walk through a page's states in one language: each state is checked as
/// <see cref="StewardBrowser.CheckStateAsync"/> does, and named, so that a test can say how many it met.
/// </summary>
public sealed class StateChecks(IPage page, IBrowserContext context, string language)
{
    /// <summary>The states checked so far, in order.</summary>
    public List<string> States { get; } = [];

    /// <summary>What was wrong, each prefixed by its state.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Checks the walk's page, or <paramref name="other"/> when a state is met on a second page of the same browser.</summary>
    public async Task CheckAsync(string state, IPage? other = null)
    {
        States.Add(state);
        await (other ?? page).CheckStateAsync(context, language, state, Problems);
    }
}
