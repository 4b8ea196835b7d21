using System.Text.Json.Nodes;
using Exchange.Access.Enforcement;
using Exchange.Index.Search;

namespace Exchange.Hub.Search;

/// <summary>A page of graduates as released, and the subject id the next page starts after; null when none follows.</summary>
internal sealed record ReleasedGraduatePage(IReadOnlyList<JsonObject> Items, long? After);

/// <summary>
/// Fills a page of graduates with those the caller may see. The index finds candidates in subject
/// id order, a chunk at a time; the release service decides them in order and stops once the page
/// is full. What the caller gets depends on the graduates it may see alone: a full page always
/// announces a next one (which may come back empty), a short page never does — so neither the
/// number of items nor the next link tells that hidden graduates matched. The one exception is a
/// read that passes over <see cref="ScanBudget"/> candidates without filling its page: it answers
/// what it has with a next link rather than scan the whole index, which tells the caller only that
/// more than that many graduates it may not see match its filters.
/// </summary>
internal static class GraduatePages
{
    /// <summary>How many candidates one page may decide at most.</summary>
    public const int ScanBudget = 2000;

    // Enough candidates per round that a caller who sees few of those found does not cost a query each.
    private const int SmallestChunk = 50;

    /// <returns>Null when the filter names a policy the index does not hold.</returns>
    public static async Task<ReleasedGraduatePage?> ReadAsync(GraduateSearch search, ReleaseService release, GraduateQuery query, PageReleaseRequest request,
        CancellationToken cancellationToken)
    {
        var items = new List<JsonObject>(query.Limit);
        var position = query.After;
        var decided = 0;
        while (items.Count < query.Limit && decided < ScanBudget)
        {
            var wanted = query.Limit - items.Count;
            var chunk = Math.Min(Math.Max(wanted, SmallestChunk), ScanBudget - decided);
            if (await search.SearchAsync(query.Filter, position, chunk, cancellationToken) is not { } found)
                return decided == 0 ? null : new ReleasedGraduatePage(items, null);

            var released = await release.ReleasePageAsync(request with { ReleaseAtMost = wanted },
                [.. found.Hits.Select(h => new SubjectCandidates(h.SubjectKey, [.. h.Records.Select(r => new ReleaseCandidate(r.Kind, r.SourceOrganisation, r.Record))]))],
                cancellationToken);
            for (var i = 0; i < released.Count; i++)
            {
                position = found.Hits[i].SubjectId;
                if (released[i].Document is { } document)
                    items.Add(document);
            }
            decided += released.Count;

            // Every candidate decided and none after them: the search is at its end.
            if (released.Count == found.Hits.Count && found.After is null)
                return new ReleasedGraduatePage(items, items.Count == query.Limit ? position : null);
        }
        return new ReleasedGraduatePage(items, position);
    }
}
