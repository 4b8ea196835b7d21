using Exchange.Ui.Tests.Support;

namespace Exchange.Ui.Tests;

/// <summary>
/// xUnit 2 ends a class or collection fixture through <see cref="IDisposable"/> or
/// <see cref="IAsyncLifetime"/> only. A fixture that is merely <see cref="IAsyncDisposable"/> is
/// never ended: its hub ran until the test process exited and its folder stayed under /tmp, one
/// for every test class of the graduate's pages in every run.
/// </summary>
public sealed class FixtureDisposalTests
{
    [Fact]
    public void A_fixture_that_is_only_async_disposable_is_never_ended_and_leaves_its_hub_and_folder_behind()
    {
        var fixtures = typeof(FixtureDisposalTests).Assembly.GetTypes()
            .SelectMany(t => t.GetInterfaces())
            .Where(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IClassFixture<>) || i.GetGenericTypeDefinition() == typeof(ICollectionFixture<>)))
            .Select(i => i.GetGenericArguments()[0])
            .Distinct()
            .ToList();
        Assert.Contains(typeof(GraduateHub), fixtures);

        Assert.DoesNotContain(fixtures, f => typeof(IAsyncDisposable).IsAssignableFrom(f)
            && !typeof(IAsyncLifetime).IsAssignableFrom(f) && !typeof(IDisposable).IsAssignableFrom(f));
    }
}
