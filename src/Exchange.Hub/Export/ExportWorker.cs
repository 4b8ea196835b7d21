using Exchange.Core.Hosting;
using Microsoft.Extensions.Options;

namespace Exchange.Hub.Export;

/// <summary>
/// The hub's export worker: every poll interval of the export clock it removes the files of jobs
/// past their lifetime, then runs accepted jobs one after another until none is left. Jobs live in
/// the database, so a job accepted before a restart runs after it, and one whose worker stopped
/// mid-way is started again by whichever instance finds its lease run out.
/// </summary>
internal sealed partial class ExportWorker(
    ExportJobStore jobs, ExportRunner runner, ExportFolder folder, IOptions<ExportOptions> options,
    [FromKeyedServices(ExportRegistration.ClockKey)] TimeProvider clock, ILogger<ExportWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await ExpireAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested && await jobs.ClaimAsync(clock.GetUtcNow(), options.Value.Lease, stoppingToken) is { } job)
                    await RunAsync(job, stoppingToken);
                failing = false;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be away for a while; the next look tries again. Said once, not at every look.
                if (failing)
                    LogStillCannotLook(exception.GetType().Name);
                else
                    LogCannotLook(exception.GetType().Name, options.Value.PollInterval.TotalSeconds, exception);
                failing = true;
            }
        }
    }

    private async Task RunAsync(ExportJob job, CancellationToken stoppingToken)
    {
        LogStarted(job.JobId, string.Join(",", job.Types));
        try
        {
            if (await runner.RunAsync(job, stoppingToken))
                LogCompleted(job.JobId);
            else
                LogCancelled(job.JobId);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // The client learns that it failed, not why: the reason may name the database or a path.
            LogFailed(job.JobId, exception.GetType().Name + ": " + exception.Message);
            folder.Remove(job.JobId);
            await jobs.FailAsync(job.JobId, "The export failed on the server; start it again, and if it fails again tell the hub's operator.", clock.GetUtcNow(), stoppingToken);
        }
    }

    private async Task ExpireAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<Guid> expired;
        do
        {
            expired = await jobs.ExpireAsync(clock.GetUtcNow(), cancellationToken);
            foreach (var jobId in expired)
            {
                folder.Remove(jobId);
                LogExpired(jobId);
            }
        }
        while (expired.Count > 0);
    }

    [LoggerMessage(EventId = EventIds.ExportJobStarted, Level = LogLevel.Information, Message = "Export {JobId} started: {Types}")]
    private partial void LogStarted(Guid jobId, string types);

    [LoggerMessage(EventId = EventIds.ExportJobCompleted, Level = LogLevel.Information, Message = "Export {JobId} completed")]
    private partial void LogCompleted(Guid jobId);

    [LoggerMessage(EventId = EventIds.ExportJobFailed, Level = LogLevel.Warning, Message = "Export {JobId} failed: {Reason}")]
    private partial void LogFailed(Guid jobId, string reason);

    [LoggerMessage(EventId = EventIds.ExportWorkerCannotLook, Level = LogLevel.Warning,
        Message = "The export worker cannot look for jobs ({Reason}); it looks again every {IntervalSeconds} s, and logs the next failures at Debug until a look succeeds")]
    private partial void LogCannotLook(string reason, double intervalSeconds, Exception exception);

    [LoggerMessage(EventId = EventIds.ExportWorkerStillCannotLook, Level = LogLevel.Debug, Message = "The export worker still cannot look for jobs ({Reason})")]
    private partial void LogStillCannotLook(string reason);

    [LoggerMessage(EventId = EventIds.ExportJobCancelled, Level = LogLevel.Information, Message = "Export {JobId} was cancelled by its client; its files are removed")]
    private partial void LogCancelled(Guid jobId);

    [LoggerMessage(EventId = EventIds.ExportFilesExpired, Level = LogLevel.Information, Message = "Export {JobId} expired; its files are removed")]
    private partial void LogExpired(Guid jobId);
}
