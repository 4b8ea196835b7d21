using Exchange.Adapters.Formats.Csv;
using Exchange.Adapters.Formats.JobPosting;
using Exchange.Adapters.Ingest;
using Exchange.Adapters.Pull;
using Exchange.Core.Codes;
using Exchange.Hub.Database;
using Microsoft.Extensions.Options;

namespace Exchange.Hub.Ingest;

/// <summary>
/// Runs every configured pull adapter, each in its own loop: a round, then the interval. A round
/// that fails is logged and retried next time — the adapter's checkpoint never moves past what
/// was appended, so nothing is lost or appended twice.
/// </summary>
internal sealed partial class PullAdapterHost(
    IOptions<PullOptions> options, IngestPipeline pipeline, CsvRecordReader csv, HubDatabase database,
    IHttpClientFactory http, ILoggerFactory loggers, TimeProvider clock) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<PullAdapterHost>();

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var checkpoints = new CheckpointStore(database.DataSource);
        var settings = options.Value;
        var logger = loggers.CreateLogger("Exchange.Adapters.Pull");
        var rounds = new List<(string Name, Func<CancellationToken, Task<PullRound>> Run)>();
        rounds.AddRange(settings.UniversityRest.Select(o =>
            (o.Name, (Func<CancellationToken, Task<PullRound>>)new UniversityRestAdapter(o, http.CreateClient(o.Name), pipeline, checkpoints, logger, clock).RunOnceAsync)));
        if (settings.JobPostingFeeds.Count > 0)
        {
            var mapper = new JobPostingMapper(CodeListCatalog.Shipped);
            rounds.AddRange(settings.JobPostingFeeds.Select(o =>
                (o.Name, (Func<CancellationToken, Task<PullRound>>)new JobPostingFeedAdapter(o, http.CreateClient(o.Name), mapper, pipeline, checkpoints, logger, clock).RunOnceAsync)));
        }
        rounds.AddRange(settings.FhirServers.Select(o =>
            (o.Name, (Func<CancellationToken, Task<PullRound>>)new FhirServerAdapter(o, http.CreateClient(o.Name), pipeline, checkpoints, logger, clock).RunOnceAsync)));
        rounds.AddRange(settings.DropFolders.Select(o =>
            (o.Name, (Func<CancellationToken, Task<PullRound>>)new DropFolderAdapter(o, csv, pipeline, logger).RunOnceAsync)));

        return Task.WhenAll(rounds.Select(r => LoopAsync(r.Name, r.Run, settings.Interval, stoppingToken)));
    }

    private async Task LoopAsync(string name, Func<CancellationToken, Task<PullRound>> run, TimeSpan interval, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await run(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // An outage of the log or the database: the checkpoint did not move, so the next round retries.
                RoundFailed(_logger, ex, name);
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

    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Pull adapter {Adapter} failed a round; it will retry.")]
    private static partial void RoundFailed(ILogger logger, Exception exception, string adapter);
}
