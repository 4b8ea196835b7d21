namespace Exchange.Ui.Tests.Support;

/// <summary>
/// One hub for a whole test class of the graduate's pages, started by the first test that asks for
/// it, with two graduates of the university and a vacancy that fits them pushed into its index. Tests that change data each work
/// on what only they touch, so that they do not depend on their order. An <see cref="IAsyncLifetime"/>,
/// since xUnit 2 ends a class fixture through that or <see cref="IDisposable"/> only.
/// </summary>
public sealed class GraduateHub : IAsyncLifetime
{
    private readonly SemaphoreSlim _starting = new(1, 1);
    private UiHub? _hub;

    public async Task<UiHub> GetAsync(UiFixture fixture)
    {
        await _starting.WaitAsync();
        try
        {
            if (_hub is null)
            {
                var hub = await UiHub.StartAsync(fixture.Postgres);
                await hub.PushGraduatesAsync((GraduateBrowser.Zhang, "张晓雯", "ZZU-2026-0001"), (GraduateBrowser.Li, "李建国", "ZZU-2026-0002"));
                await EmployerVacancies.PostAsync(hub);
                _hub = hub;
            }
            return _hub;
        }
        finally
        {
            _starting.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_hub is not null)
            await _hub.DisposeAsync();
        _starting.Dispose();
    }
}
