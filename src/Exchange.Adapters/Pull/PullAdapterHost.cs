using Exchange.Adapters.Formats.Csv;
using Exchange.Adapters.Formats.JobPosting;
using Exchange.Adapters.Ingest;
using Exchange.Core.Codes;
using System.Diagnostics;
using Exchange.Core.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Exchange.Adapters.Pull;

/// <summary>
/// Runs every configured pull adapter, each in its own loop: a round, then the interval. A round
/// that fails is logged and retried next time — the adapter's checkpoint never moves past what
/// was appended, so nothing is lost or appended twice.
/// </summary>
internal sealed partial class PullAdapterHost(
    IOptions<PullOptions> options, IngestPipeline pipeline, CsvRecordReader csv, NpgsqlDataSource database,
    IHttpClientFactory http, ILoggerFactory loggers, TimeProvider clock, PullTelemetry telemetry) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<PullAdapterHost>();

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var checkpoints = new CheckpointStore(database);
        var settings = options.Value;
        var logger = loggers.CreateLogger("Exchange.Adapters.Pull");
        var adapters = new List<IPullAdapter>();
        adapters.AddRange(settings.UniversityRest.Select(o => new UniversityRestAdapter(o, Client(o.Name), pipeline, checkpoints, logger, clock)));
        if (settings.JobPostingFeeds.Count > 0)
        {
            var mapper = new JobPostingMapper(CodeListCatalog.Shipped);
            adapters.AddRange(settings.JobPostingFeeds.Select(o => new JobPostingFeedAdapter(o, Client(o.Name), mapper, pipeline, checkpoints, logger, clock)));
        }
        adapters.AddRange(settings.FhirServers.Select(o => new FhirServerAdapter(o, Client(o.Name), pipeline, checkpoints, logger, clock)));
        adapters.AddRange(settings.DropFolders.Select(o => new DropFolderAdapter(o, csv, pipeline, logger)));

        return Task.WhenAll(adapters.Select(a => LoopAsync(a, settings.Interval, stoppingToken)));
    }

    // Each source's RetryPolicy.AttemptTimeout bounds a try; the factory's default 100 s would cut a longer one short.
    private HttpClient Client(string name)
    {
        var client = http.CreateClient(name);
        client.Timeout = Timeout.InfiniteTimeSpan;
        return client;
    }

    private async Task LoopAsync(IPullAdapter adapter, TimeSpan interval, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            using (var activity = PullTelemetry.Source.StartActivity("pull round"))
            {
                activity?.SetTag("exchange.adapter", adapter.Name);
                try
                {
                    var round = await adapter.RunOnceAsync(stoppingToken);
                    telemetry.Round(adapter.Name, round.Completed ? "completed" : "gave-up");
                    activity?.SetTag("exchange.pull.fetched", round.Fetched);
                    if (!round.Completed)
                        activity?.SetStatus(ActivityStatusCode.Error, round.Failure);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // An outage of the log or the database: the checkpoint did not move, so the next round retries.
                    telemetry.Round(adapter.Name, "failed");
                    activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
                    RoundFailed(_logger, ex, adapter.Name);
                }
            }
            try
            {
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = EventIds.PullRoundFailed, Level = LogLevel.Warning, Message = "Pull adapter {Adapter} failed a round; it will retry.")]
    private static partial void RoundFailed(ILogger logger, Exception exception, string adapter);
}
