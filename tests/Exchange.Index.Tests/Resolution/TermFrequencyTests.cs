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
        var extra = Enumerable.Range(0, 60).Select(i => new InputRecord($"common{i}", 0, ["王伟", null, null, null, null, null, null, null]));
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
    public void A_rare_name_seen_only_in_its_holders_own_records_counts_as_its_family_and_given_names_make_it()
    {
        // 罗晶倩 three times (one person's university record, certification and placement), 罗 and 晶倩 spread over other people.
        var names = Enumerable.Repeat("罗晶倩", 3)
            .Concat(Enumerable.Range(0, 97).Select(i => "罗" + "伟强磊军洋勇杰涛明超"[i % 10]))
            .Concat(Enumerable.Range(0, 100).Select(i => "王晶倩"))
            .Concat(Enumerable.Range(0, 9800).Select(i => "陈" + "芳娜敏静丽艳娟霞秀玲"[i % 10]));
        var values = names.Select((n, i) => Graduates.Record($"r{i}", ("name", n))[0]!).ToList();
        var tf = TermFrequencies.Count(values.SelectMany(v => new[] { v.TfKey, v.TfSurnameKey, v.TfGivenKey }), values.Count, minimumCount: 2);

        var rare = values[0];
        Assert.Equal(3 / 10000.0, tf.Frequency(rare.TfKey));
        Assert.Equal(100 / 10000.0 * (103 / 10000.0), tf.Frequency(rare), 12);
        // Two rare parts make no name rarer than one record.
        var sparse = TermFrequencies.Count(values.Take(3).SelectMany(v => new[] { v.TfKey, v.TfSurnameKey, v.TfGivenKey }), 10000, minimumCount: 2);
        Assert.Equal(1 / 10000.0, sparse.Frequency(rare), 12);
        // A name seen often is mostly other people's: its own count stands.
        var common = values[^1];
        Assert.Equal(980 / 10000.0, tf.Frequency(common), 12);
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
