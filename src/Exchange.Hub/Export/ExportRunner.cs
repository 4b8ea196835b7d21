using System.Globalization;
using System.Text.Json.Nodes;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Enforcement;
using Exchange.Index.Export;
using Microsoft.Extensions.Options;

namespace Exchange.Hub.Export;

/// <summary>
/// Runs one export job: reads the merged index a page at a time, has the release service decide,
/// audit and mask each page for the job's client and purpose, and writes what it releases, one
/// NDJSON file per kind. Between pages it reports progress, which also renews its lease and tells
/// it whether the client cancelled. Each line names the subject by the caller's handle only.
/// </summary>
internal sealed class ExportRunner(
    ExportJobStore jobs, ExportReader reader, ReleaseService release, ExportFolder folder, IOptions<ExportOptions> options,
    [FromKeyedServices(ExportRegistration.ClockKey)] TimeProvider clock)
{
    /// <summary>What the audit log records as the action of an export's releases.</summary>
    public const string Action = "bulk export /v1/$export";

    /// <summary>Runs the job to its end; false when it was cancelled meanwhile (its files are then removed).</summary>
    public async Task<bool> RunAsync(ExportJob job, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        PartyRoles.TryParse(job.Role, out var role);
        DataCategories.TryParsePurpose(job.Purpose, out var purpose);
        var caller = new ClientIdentity(job.ClientId, job.Organisation, role, new HashSet<string>(StringComparer.Ordinal));
        var until = job.TransactionTime!.Value;
        var personal = job.Types.Where(ExportKinds.IsPersonal).ToHashSet(StringComparer.Ordinal);
        var request = new BatchReleaseRequest(caller, purpose, personal, Action, until);

        folder.Remove(job.JobId);
        var writers = job.Types.ToDictionary(t => t, t => new NdjsonFileWriter(Path.Combine(folder.JobFolder(job.JobId), ExportFolder.FileName(t))), StringComparer.Ordinal);
        var deleted = job.Since is null ? null : new NdjsonFileWriter(Path.Combine(folder.JobFolder(job.JobId), ExportFolder.FileName(ExportKinds.Deleted)));
        try
        {
            if (personal.Count > 0)
            {
                await foreach (var page in reader.ReadSubjectsAsync(personal, job.Since, until, settings.PageSize, cancellationToken))
                {
                    var candidates = page.Select(s => new SubjectCandidates(s.SubjectKey,
                        [.. s.Records.Select(r => new ReleaseCandidate(r.Kind, r.SourceOrganisation, r.Record))])).ToList();
                    foreach (var record in await release.ReleaseRecordsAsync(request, candidates, cancellationToken))
                        await writers[record.Kind].WriteAsync(Line(record.SubjectHandle, record.Record), cancellationToken);
                    if (!await ProgressAsync(job, writers, cancellationToken))
                        return false;
                }
            }

            if (writers.TryGetValue(ExportKinds.Vacancy, out var vacancies))
            {
                await foreach (var page in reader.ReadVacanciesAsync(job.Since, until, settings.PageSize, cancellationToken))
                {
                    foreach (var vacancy in await release.ReleaseVacanciesAsync(request, [.. page.Select(r => new ReleaseCandidate(r.Kind, r.SourceOrganisation, r.Record))], cancellationToken))
                        await vacancies.WriteAsync(vacancy, cancellationToken);
                    if (!await ProgressAsync(job, writers, cancellationToken))
                        return false;
                }
            }

            if (deleted is not null)
            {
                await foreach (var page in reader.ReadWithdrawalsAsync(job.Organisation, job.Role, job.Since!.Value, until, settings.PageSize, cancellationToken))
                {
                    foreach (var withdrawal in page)
                    {
                        foreach (var handle in await release.ReleaseDeletionNoticesAsync(request, withdrawal.SubjectKeys, cancellationToken))
                            await deleted.WriteAsync(Notice(handle, withdrawal), cancellationToken);
                    }
                    if (!await ProgressAsync(job, writers, cancellationToken))
                        return false;
                }
            }

            foreach (var writer in writers.Values)
                await writer.CommitAsync(cancellationToken);
            if (deleted is not null)
                await deleted.CommitAsync(cancellationToken);

            var outputs = job.Types.Where(t => writers[t].Count > 0).Select(t => new ExportFile(t, ExportFolder.FileName(t), writers[t].Count)).ToList();
            IReadOnlyList<ExportFile> notices = deleted is { Count: > 0 } ? [new ExportFile(ExportKinds.Deleted, ExportFolder.FileName(ExportKinds.Deleted), deleted.Count)] : [];
            var now = clock.GetUtcNow();
            if (await jobs.CompleteAsync(job.JobId, outputs, notices, now, now + settings.FileLifetime, cancellationToken))
                return true;
            folder.Remove(job.JobId);
            return false;
        }
        finally
        {
            foreach (var writer in writers.Values)
                await writer.DisposeAsync();
            if (deleted is not null)
                await deleted.DisposeAsync();
        }
    }

    private async Task<bool> ProgressAsync(ExportJob job, Dictionary<string, NdjsonFileWriter> writers, CancellationToken cancellationToken)
    {
        var progress = "running: " + string.Join(", ", writers.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Value.Count} {w.Key}")));
        if (await jobs.ReportProgressAsync(job.JobId, progress, clock.GetUtcNow() + options.Value.Lease, cancellationToken))
            return true;
        await DisposeAllAsync(writers);
        folder.Remove(job.JobId);
        return false;
    }

    private static async Task DisposeAllAsync(Dictionary<string, NdjsonFileWriter> writers)
    {
        foreach (var writer in writers.Values)
            await writer.DisposeAsync();
    }

    private static JsonObject Line(string handle, JsonObject record)
    {
        var line = new JsonObject { ["subject"] = handle };
        foreach (var (name, value) in record.ToList())
        {
            record.Remove(name);
            line[name] = value;
        }
        return line;
    }

    private static JsonObject Notice(string handle, ExportWithdrawal withdrawal) => new()
    {
        ["subject"] = handle,
        ["change"] = withdrawal.Change,
        ["at"] = withdrawal.At.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
    };
}
