using Exchange.Access.Enforcement;
using Exchange.Index.Changes;

namespace Exchange.Hub.Changes;

/// <summary>A page of one subscriber's feed: the changes released to it, and the position in the global order it has read up to.</summary>
/// <param name="Changes">The released changes, in order; at most the limit asked for.</param>
/// <param name="ReadUpTo">The last position read, hidden changes included: where the next page starts.</param>
public sealed record ChangeFeedPage(IReadOnlyList<ReleasedChange> Changes, long ReadUpTo);

/// <summary>
/// One subscriber's change feed: reads the index's changes in order and has the release service
/// judge them, skipping what it hides, until the page is full or the index has no more. The page
/// ends where its last released change is, or at the end of what was read: the hidden changes past
/// it are read again next time rather than leave a trace in the page.
/// </summary>
public sealed class ChangeFeed(ChangeFeedReader reader, ReleaseService release)
{
    /// <summary>The page size when none is asked for.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page.</summary>
    public const int MaxLimit = 1000;

    // Changes are judged in runs of this many at least, so that a subscriber who sees few does not cost a round trip per change.
    private const int ReadAtLeast = 200;

    /// <summary>Up to <paramref name="limit"/> changes after <paramref name="afterPosition"/> that the subscriber may see.</summary>
    public async Task<ChangeFeedPage> ReadAsync(ChangeReleaseRequest request, long afterPosition, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var released = new List<ReleasedChange>(limit);
        var position = afterPosition;
        var chunk = Math.Max(limit, ReadAtLeast);
        while (released.Count < limit)
        {
            var changes = await reader.ReadAsync(position, chunk, cancellationToken);
            if (changes.Count == 0)
                break;
            var wanted = limit - released.Count;
            // Only as many released as the page still holds: a change past its last is decided and audited when a page delivers it.
            var page = await release.ReleaseChangesAsync(request with { ReleaseAtMost = wanted }, [.. changes.Select(ToCandidate)], cancellationToken);
            if (page.Count == wanted)
            {
                released.AddRange(page);
                position = released[^1].Sequence;
                break;
            }
            released.AddRange(page);
            position = changes[^1].Sequence;
            if (changes.Count < chunk)
                break;
        }
        return new ChangeFeedPage(released, position);
    }

    private static ChangeCandidate ToCandidate(IndexChange change) => new(
        change.Sequence, change.Type, change.At, change.SubjectKey, change.FromSubjectKey,
        change.Record is { } record ? new ChangedRecordCandidate(record.Kind, record.SourceOrganisation, record.Record) : null,
        [.. change.SubjectSources.Select(s => new ChangedRecordSource(s.Kind, s.SourceOrganisation))],
        change.WithdrawnAt);
}
