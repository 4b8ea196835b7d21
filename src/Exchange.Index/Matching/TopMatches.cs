namespace Exchange.Index.Matching;

/// <summary>One ranked item: its score and the key that breaks ties (lower first).</summary>
public sealed record Ranked<T>(T Item, MatchScore Score, string TieBreak);

/// <summary>
/// Keeps the best <c>capacity</c> of a stream in a bounded min-heap, so that ranking n items costs
/// O(n log capacity) and never holds more than capacity of them. Order: higher score first, then
/// the lower tie-break key, so equal scores rank the same on every run.
/// </summary>
public sealed class TopMatches<T>(int capacity)
{
    private readonly PriorityQueue<Ranked<T>, Ranked<T>> _heap = new(capacity + 1, WorstFirst.Instance);

    public void Offer(T item, MatchScore score, string tieBreak)
    {
        ArgumentNullException.ThrowIfNull(score);
        var ranked = new Ranked<T>(item, score, tieBreak);
        if (capacity <= 0)
            return;
        if (_heap.Count < capacity)
        {
            _heap.Enqueue(ranked, ranked);
            return;
        }
        if (WorstFirst.Instance.Compare(ranked, _heap.Peek()) > 0)
            _heap.EnqueueDequeue(ranked, ranked);
    }

    /// <summary>The kept items, best first.</summary>
    public IReadOnlyList<Ranked<T>> Best() => [.. _heap.UnorderedItems.Select(e => e.Element).Order(WorstFirst.Instance).Reverse()];

    /// <summary>Orders better before worse: the order in which ranked items are handed out.</summary>
    internal static IComparer<Ranked<T>> BestFirst { get; } = Comparer<Ranked<T>>.Create((x, y) => WorstFirst.Instance.Compare(y, x));

    /// <summary>Orders worse before better: lower score, or the same score and the higher tie-break key.</summary>
    private sealed class WorstFirst : IComparer<Ranked<T>>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare(Ranked<T>? x, Ranked<T>? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            var byScore = x.Score.Points.CompareTo(y.Score.Points);
            return byScore != 0 ? byScore : string.CompareOrdinal(y.TieBreak, x.TieBreak);
        }
    }
}
