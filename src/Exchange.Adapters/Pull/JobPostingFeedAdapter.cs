using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Adapters.Formats.JobPosting;
using Exchange.Adapters.Ingest;
using Exchange.Core.Model;
using Microsoft.Extensions.Logging;

namespace Exchange.Adapters.Pull;

/// <summary>
/// Polls an employer's JobPosting feed — a single posting, an array, an <c>ItemList</c> or a
/// <c>@graph</c> — and ingests the postings that are new or changed. The checkpoint is the set of
/// (posting key, version) pairs last ingested, as a JSON object; a posting whose version
/// (<c>dateModified</c>, else a hash of its JSON) is unchanged is not sent again. Postings that
/// left the feed drop out of the checkpoint, which keeps it the size of the feed.
/// </summary>
public sealed class JobPostingFeedAdapter(
    JobPostingFeedOptions options,
    HttpClient http,
    JobPostingMapper mapper,
    IngestPipeline pipeline,
    CheckpointStore checkpoints,
    ILogger logger,
    TimeProvider? clock = null) : IPullAdapter
{
    /// <inheritdoc />
    public string Name => options.Name;

    private readonly HttpFetcher _fetcher = new(http, options.Retry, options.CircuitBreaker, logger, options.Name, clock);

    /// <summary>Fetches the feed once and ingests what changed.</summary>
    public async Task<PullRound> RunOnceAsync(CancellationToken cancellationToken)
    {
        var stored = await checkpoints.GetAsync(options.Name, cancellationToken);
        var seen = stored is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(stored) ?? [];
        var tally = new RoundTally(options.Name);

        var fetched = await _fetcher.GetAsync(options.FeedUrl, "application/ld+json, application/json", ParseFeed, cancellationToken);
        if (!fetched.Succeeded)
        {
            logger.PullGaveUp(options.Name, fetched.Attempts, fetched.Failure!, stored);
            return tally.Finish(stored, fetched.Failure);
        }

        var mappings = fetched.Value!.Select(mapper.Map).ToList();
        var changed = mappings
            .Select((m, i) => (Mapping: m, Origin: string.Create(CultureInfo.InvariantCulture, $"posting[{i}]")))
            .Where(x => !seen.TryGetValue(x.Mapping.Key, out var version) || version != x.Mapping.Version)
            .ToList();

        if (changed.Count > 0)
        {
            var batch = new IngestBatch(RecordKind.Vacancy, options.SourceOrganisation, [.. changed.Select(c => c.Mapping.ToIngestRecord(c.Origin))]);
            tally.Add(await pipeline.IngestAsync(batch, cancellationToken));
        }

        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var mapping in mappings)
            current[mapping.Key] = mapping.Version;
        var checkpoint = JsonSerializer.Serialize(current);
        if (checkpoint != stored)
        {
            await checkpoints.SetAsync(options.Name, checkpoint, cancellationToken);
            logger.CheckpointAdvanced(options.Name, string.Create(CultureInfo.InvariantCulture, $"{current.Count} postings"));
        }
        return tally.Finish(checkpoint);
    }

    private static IReadOnlyList<JsonObject> ParseFeed(byte[] body) =>
        JobPostingMapper.Postings(JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }));
}
