using Exchange.Core.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Exchange.Hub.Tests.Hosting;

/// <summary>
/// A background service that fails while its host is still starting makes the host stop itself:
/// the start then ends as cancelled, which says nothing of why, while the host's own logger is
/// still silent. The start names the service and its reason instead.
/// </summary>
public sealed class BackgroundServiceFailureTests
{
    [Fact]
    public async Task A_background_service_failing_while_the_host_started_ended_the_start_as_cancelled_without_its_reason()
    {
        using var host = BuildHost();

        var refused = await Assert.ThrowsAsync<BackgroundServiceFailedException>(() => host.StartOrExplainAsync(CancellationToken.None));

        var failure = Assert.Single(refused.Failures);
        Assert.Equal(nameof(FailingService), failure.Service);
        Assert.Equal("the index's tables are missing", failure.Exception.Message);
        Assert.Contains($"{nameof(FailingService)}: the index's tables are missing", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_start_cancelled_by_its_caller_stays_a_cancellation()
    {
        using var host = BuildHost(failing: false);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.StartOrExplainAsync(cancelled.Token));
        Assert.Empty(BackgroundServiceFailedException.FailuresOf(host.Services));
    }

    // The failing service starts first; the one after it waits, as a web server binding its port would, until the start is cancelled.
    private static IHost BuildHost(bool failing = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        if (failing)
            builder.Services.AddHostedService<FailingService>();
        builder.Services.AddHostedService<StartsUntilCancelled>();
        return builder.Build();
    }

    private sealed class FailingService : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new InvalidOperationException("the index's tables are missing");
        }
    }

    private sealed class StartsUntilCancelled : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
