using System.Globalization;
using System.Text.Json;
using Exchange.Adapters.Formats.Fhir;
using Exchange.Adapters.Ingest;
using Exchange.Core.Model;
using Microsoft.Extensions.Logging;

namespace Exchange.Adapters.Pull;

/// <summary>
/// Pulls certifications from a FHIR R4 server: searches
/// <c>{base}/{type}?_lastUpdated=gt{checkpoint}&amp;_sort=_lastUpdated&amp;_count=n</c>, follows
/// <c>Bundle.link[relation=next]</c> until there is none, and maps each page through
/// <see cref="FhirCertificationMapper"/>. The checkpoint is the largest <c>meta.lastUpdated</c> of the
/// entries ingested, written after each page; sorting by <c>_lastUpdated</c> is what makes a
/// mid-search checkpoint safe. Consent entries are left to the access layer; other resource
/// types are logged as problems and skipped.
/// </summary>
public sealed class FhirServerAdapter(
    FhirServerOptions options,
    HttpClient http,
    IngestPipeline pipeline,
    CheckpointStore checkpoints,
    ILogger logger,
    TimeProvider? clock = null) : IPullAdapter
{
    /// <inheritdoc />
    public string Name => options.Name;

    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private readonly HttpFetcher _fetcher = new(http, options.Retry, options.CircuitBreaker, logger, options.Name, clock);

    /// <summary>Searches once from the checkpoint and ingests every page.</summary>
    public async Task<PullRound> RunOnceAsync(CancellationToken cancellationToken)
    {
        var checkpoint = await checkpoints.GetAsync(options.Name, cancellationToken);
        var tally = new RoundTally(options.Name);
        Uri? next = FirstPage(checkpoint);
        while (next is not null && tally.Fetched < options.MaxPagesPerRound)
        {
            var fetched = await _fetcher.GetAsync(next, "application/fhir+json", ParseBundle, cancellationToken);
            if (!fetched.Succeeded)
            {
                logger.PullGaveUp(options.Name, fetched.Attempts, fetched.Failure!, checkpoint);
                return tally.Finish(checkpoint, fetched.Failure);
            }

            var page = fetched.Value!;
            var certifications = page.Entries.Where(e => e.IsCertification).ToList();
            tally.Add(await pipeline.IngestAsync(
                new IngestBatch(RecordKind.Certification, options.SourceOrganisation, [.. certifications.Select(c => c.ToIngestRecord())]),
                cancellationToken));

            var newest = certifications.Select(c => c.LastUpdated).Max();
            if (newest is { } latest && (checkpoint is null || latest.UtcDateTime > Parse(checkpoint)))
            {
                checkpoint = latest.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture);
                await checkpoints.SetAsync(options.Name, checkpoint, cancellationToken);
                logger.CheckpointAdvanced(options.Name, checkpoint);
            }
            next = page.Next;
        }
        return tally.Finish(checkpoint);
    }

    private Uri FirstPage(string? checkpoint)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"_sort=_lastUpdated&_count={options.Count}");
        if (checkpoint is not null)
            query = $"_lastUpdated=gt{checkpoint}&{query}";
        if (!string.IsNullOrEmpty(options.ExtraQuery))
            query += "&" + options.ExtraQuery;
        var baseUri = options.BaseAddress.AbsoluteUri.EndsWith('/') ? options.BaseAddress : new Uri(options.BaseAddress.AbsoluteUri + "/");
        return new Uri(baseUri, $"{options.ResourceType}?{query}");
    }

    // A body that is not a Bundle is garbage from a server that should send one: retried like a 5xx.
    private static FhirBundleMapping ParseBundle(byte[] body)
    {
        var mapping = FhirCertificationMapper.MapBundle(body);
        return mapping.BundleProblem is { } problem ? throw new JsonException(problem.Message) : mapping;
    }

    private static DateTime Parse(string checkpoint) =>
        DateTime.Parse(checkpoint, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
