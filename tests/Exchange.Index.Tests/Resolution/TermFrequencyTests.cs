using Exchange.Index.Resolution.Features;
using Exchange.Index.Resolution.Scoring;
using Exchange.Index.Resolution.Training;

namespace Exchange.Index.Tests.Resolution;

public sealed class TermFrequencyTests
{
    [Fact]
    public void Agreeing_on_a_common_name_counts_for_less_than_on_a_rare_one()
    {
        var population = TestGraduates.Create(3000, seed: 11);
        var extra = Enumerable.Range(0, 60).Select(i => new InputRecord($"common{i}", 0, ["王伟", null, null, null, null, null, null]));
        var records = new Featuriser(Graduates.Schema).FeaturiseAll([.. population.Records, .. extra]);
        var model = ModelTrainer.Train(Graduates.Quick, records);
        var scorer = new PairScorer(model);

        var common = scorer.Explain(Graduates.Record("a", ("name", "王伟"), ("birthDate", "2001-05-06")), Graduates.Record("b", ("name", "王伟"), ("birthDate", "2001-05-06")));
        var rare = scorer.Explain(Graduates.Record("c", ("name", "欧阳娜娜"), ("birthDate", "2001-05-06")), Graduates.Record("d", ("name", "欧阳娜娜"), ("birthDate", "2001-05-06")));

        var commonName = common.Comparisons.Single(c => c.Comparison == "name");
        var rareName = rare.Comparisons.Single(c => c.Comparison == "name");
        Assert.Equal("exact", commonName.Label);
        Assert.Equal("exact", rareName.Label);
        Assert.True(commonName.TfAdjustmentLog2 < 0, $"common name adjusts by {commonName.TfAdjustmentLog2}");
        Assert.True(rareName.TfAdjustmentLog2 > 0, $"rare name adjusts by {rareName.TfAdjustmentLog2}");
        Assert.True(common.MatchWeight < rare.MatchWeight);
    }

    [Fact]
    public void Homophones_share_a_frequency()
    {
        var tf = TermFrequencies.Count([1, 1, 1, 2], 4, minimumCount: 2);
        Assert.Equal(0.75, tf.Frequency(1));
        Assert.Equal(0.25, tf.Frequency(2));
        Assert.Equal(0.25, tf.Frequency(99));
        Assert.Equal(Graduates.Record("a", ("name", "王伟"))[0]!.TfKey, Graduates.Record("b", ("name", "汪玮"))[0]!.TfKey);
    }
}
