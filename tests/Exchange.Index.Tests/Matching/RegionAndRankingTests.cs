using Exchange.Index.Matching;

namespace Exchange.Index.Tests.Matching;

public sealed class RegionAndRankingTests
{
    [Theory]
    [InlineData("410102", "410102", RegionCodes.Cover.Exact)]
    [InlineData("410100", "410102", RegionCodes.Cover.Prefecture)]
    [InlineData("410000", "410102", RegionCodes.Cover.Province)]
    [InlineData("410300", "410102", RegionCodes.Cover.None)]
    [InlineData("410105", "410102", RegionCodes.Cover.None)]
    [InlineData("420000", "410102", RegionCodes.Cover.None)]
    public void County_lies_within_its_prefecture_within_its_province(string preferred, string work, RegionCodes.Cover cover) =>
        Assert.Equal(cover, RegionCodes.Covers(preferred, work));

    [Fact]
    public void The_bounded_heap_keeps_the_best_in_score_then_tie_break_order_whatever_the_arrival_order()
    {
        var items = Enumerable.Range(0, 200).Select(i => (Key: $"k{i:D3}", Points: i * 37 % 23)).ToList();
        var expected = items.OrderByDescending(i => i.Points).ThenBy(i => i.Key, StringComparer.Ordinal).Take(10).Select(i => i.Key).ToList();
        foreach (var order in new[] { items, items.AsEnumerable().Reverse().ToList(), items.OrderBy(i => i.Key.GetHashCode(StringComparison.Ordinal)).ToList() })
        {
            var top = new TopMatches<string>(10);
            foreach (var (key, points) in order)
                top.Offer(key, new MatchScore(points, []), key);
            Assert.Equal(expected, top.Best().Select(r => r.Item));
        }
    }

    [Fact]
    public void A_heap_smaller_than_its_capacity_returns_everything_offered()
    {
        var top = new TopMatches<string>(50);
        top.Offer("a", new MatchScore(1, []), "a");
        top.Offer("b", new MatchScore(3, []), "b");
        Assert.Equal(["b", "a"], top.Best().Select(r => r.Item));
    }
}
