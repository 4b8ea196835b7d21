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

    [Fact]
    public void A_lone_record_joins_the_one_entity_its_review_pairs_lead_to()
    {
        var records = new[] { "a", "b", "c" }.Select(id => Graduates.Record(id, ("name", "罗晶倩"))).ToArray();
        ScoredPair[] pairs = [new(0, 1, 20, PairDecision.Link), new(1, 2, 1, PairDecision.Review), new(0, 2, -1, PairDecision.NewSubject)];

        var result = EntityClusterer.Cluster(records, pairs, new SoleCandidate(ReviewWeight: 0, Margin: 5));

        Assert.Equal(["a", "a", "a"], result.ClusterIds);
        var promoted = Assert.Single(result.Promoted);
        Assert.Equal((1, 2, PairDecision.Link), (promoted.Left, promoted.Right, promoted.Decision));
    }

    [Fact]
    public void A_lone_record_with_a_second_entity_within_the_margin_stays_alone()
    {
        var records = new[] { "a", "b", "c" }.Select(id => Graduates.Record(id, ("name", "王伟"))).ToArray();
        // c is as like a as b, within the margin even though a's pair is below review.
        ScoredPair[] pairs = [new(0, 2, -2, PairDecision.NewSubject), new(1, 2, 1, PairDecision.Review)];

        var result = EntityClusterer.Cluster(records, pairs, new SoleCandidate(ReviewWeight: 0, Margin: 5));

        Assert.Equal(["a", "b", "c"], result.ClusterIds);
        Assert.Empty(result.Promoted);
    }

    [Fact]
    public void Without_the_sole_candidate_rule_review_pairs_join_nothing()
    {
        var records = new[] { "a", "b" }.Select(id => Graduates.Record(id, ("name", "罗晶倩"))).ToArray();

        var result = EntityClusterer.Cluster(records, [new ScoredPair(0, 1, 3, PairDecision.Review)]);

        Assert.Equal(["a", "b"], result.ClusterIds);
    }
}
