using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Adapters.Ingest;
using Microsoft.Extensions.Logging;

namespace Exchange.Adapters.Pull;

/// <summary>
/// Pulls changed records from a university REST API, page by page. The checkpoint is the
/// largest <c>updatedAt</c> ingested so far, written after each page's ingest; a restart asks
/// again from there. <c>updatedSince</c> is treated as inclusive, so the records at the cursor
/// come once more and are answered as duplicates — nothing is appended twice, nothing at the
/// boundary is missed.
/// </summary>
public sealed class UniversityRestAdapter(
    UniversityRestOptions options,
    HttpClient http,
    IngestPipeline pipeline,
    CheckpointStore checkpoints,
    ILogger logger,
    TimeProvider? clock = null) : IPullAdapter
{
    /// <inheritdoc />
    public string Name => options.Name;

    private readonly HttpFetcher _fetcher = new(http, options.Retry, options.CircuitBreaker, logger, options.Name, clock);

    /// <summary>Fetches and ingests every page changed since the checkpoint.</summary>
    public async Task<PullRound> RunOnceAsync(CancellationToken cancellationToken)
    {
        var cursor = await checkpoints.GetAsync(options.Name, cancellationToken);
        var since = cursor;
        var tally = new RoundTally(options.Name);
        int? page = 1;
        while (page is { } n && tally.Fetched < options.MaxPagesPerRound)
        {
            var fetched = await _fetcher.GetAsync(PageUri(since, n), "application/json", ParsePage, cancellationToken);
            if (!fetched.Succeeded)
            {
                logger.PullGaveUp(options.Name, fetched.Attempts, fetched.Failure!, cursor);
                return tally.Finish(cursor, fetched.Failure);
            }

            var (records, pageMax, next) = fetched.Value;
            tally.Add(await pipeline.IngestAsync(new IngestBatch(options.Kind, options.SourceOrganisation, records), cancellationToken));

            if (pageMax is { } max && (cursor is null || max > Parse(cursor)))
            {
                cursor = max.ToString("O", CultureInfo.InvariantCulture);
                await checkpoints.SetAsync(options.Name, cursor, cancellationToken);
                logger.CheckpointAdvanced(options.Name, cursor);
            }
            page = next;
        }
        return tally.Finish(cursor);
    }

    private Uri PageUri(string? since, int page)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"page={page}&pageSize={options.PageSize}");
        if (since is not null)
            query = $"updatedSince={Uri.EscapeDataString(since)}&{query}";
        var baseUri = options.BaseAddress.AbsoluteUri.EndsWith('/') ? options.BaseAddress : new Uri(options.BaseAddress.AbsoluteUri + "/");
        return new Uri(baseUri, $"{options.ResourcePath.TrimStart('/')}?{query}");
    }

    private (List<IngestRecord> Records, DateTimeOffset? Max, int? Next) ParsePage(byte[] body)
    {
        var root = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        if (JsonPaths.Get(root, options.ItemsPath) is not JsonArray items)
            throw new InvalidDataException($"The page has no '{options.ItemsPath}' array.");

        var next = JsonPaths.Get(root, options.NextPagePath) switch
        {
            null => (int?)null,
            JsonValue v when v.TryGetValue<int>(out var number) => number,
            _ => throw new InvalidDataException($"'{options.NextPagePath}' is not a page number."),
        };

        var records = new List<IngestRecord>(items.Count);
        DateTimeOffset? max = null;
        for (var i = 0; i < items.Count; i++)
        {
            var origin = string.Create(CultureInfo.InvariantCulture, $"{options.ItemsPath}[{i}]");
            if (items[i] is not JsonObject item)
            {
                records.Add(new IngestRecord(origin, JsonSerializer.SerializeToUtf8Bytes(items[i])));
                continue;
            }

            if (item[options.CursorField] is JsonValue stamp && stamp.TryGetValue<string>(out var text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var updatedAt))
            {
                max = max is null || updatedAt > max ? updatedAt.ToUniversalTime() : max;
            }

            JsonNode? record;
            if (options.RecordField is null)
            {
                var copy = (JsonObject)item.DeepClone();
                copy.Remove(options.CursorField);
                record = copy;
            }
            else
            {
                record = item[options.RecordField];
            }
            records.Add(new IngestRecord(origin, JsonSerializer.SerializeToUtf8Bytes(record)));
        }
        return (records, max, next);
    }

    private static DateTimeOffset Parse(string cursor) =>
        DateTimeOffset.Parse(cursor, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
