using Exchange.Index.Resolution.Clustering;
using Exchange.Index.Resolution.Scoring;

namespace Exchange.Index.Tests.Resolution;

public sealed class ClusteringTests
{
    [Fact]
    public void Auto_links_form_connected_components_named_by_their_smallest_record_id()
    {
        var records = new[] { "r3", "r1", "r2", "r4" }.Select(id => Graduates.Record(id, ("name", "王伟"))).ToArray();

        var result = EntityClusterer.Cluster(records, [new ScoredPair(0, 1, 20, PairDecision.Link), new ScoredPair(1, 2, 15, PairDecision.Link), new ScoredPair(2, 3, 3, PairDecision.Review)]);

        Assert.Equal(["r1", "r1", "r1", "r4"], result.ClusterIds);
        Assert.Equal(2, result.ClusterCount);
    }

    [Fact]
    public void A_chain_is_cut_where_it_would_join_two_linkage_keys_and_the_weaker_link_goes_to_review()
    {
        var a = Graduates.Record("a", ("name", "王伟"), ("linkageKey", "k1"));
        var b = Graduates.Record("b", ("name", "王伟"));
        var c = Graduates.Record("c", ("name", "王伟"), ("linkageKey", "k2"));
        var d = Graduates.Record("d", ("name", "王伟"), ("linkageKey", "k2"));

        var result = EntityClusterer.Cluster([a, b, c, d], [new ScoredPair(0, 1, 25, PairDecision.Link), new ScoredPair(1, 2, 12, PairDecision.Link)]);

        Assert.Equal(["a", "a", "c", "c"], result.ClusterIds);
        var refused = Assert.Single(result.Refused);
        Assert.Equal((1, 2, PairDecision.Review), (refused.Left, refused.Right, refused.Decision));
    }
}
