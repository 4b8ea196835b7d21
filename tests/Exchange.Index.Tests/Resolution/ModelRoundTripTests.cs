using Exchange.Index.Resolution.Features;
using Exchange.Index.Resolution.Scoring;
using Exchange.Index.Resolution.Settings;
using Exchange.Index.Resolution.Training;

namespace Exchange.Index.Tests.Resolution;

public sealed class ModelRoundTripTests
{
    [Fact]
    public void A_saved_model_loads_and_scores_every_pair_the_same()
    {
        var population = TestGraduates.Create(1500, seed: 5);
        var records = new Featuriser(Graduates.Schema).FeaturiseAll(population.Records);
        var model = ModelTrainer.Train(Graduates.Quick, records);

        var loaded = ResolutionModel.FromJson(model.ToJson());

        Assert.Equal(model.Prior, loaded.Prior);
        foreach (var name in Graduates.Schema.ComparisonNames)
        {
            var levels = Graduates.Schema.Comparisons.Single(c => c.Name == name).LevelCount;
            for (var l = 0; l < levels; l++)
            {
                Assert.Equal(model.MProbability(name, l), loaded.MProbability(name, l));
                Assert.Equal(model.UProbability(name, l), loaded.UProbability(name, l));
            }
        }
        var before = new PairScorer(model);
        var after = new PairScorer(loaded);
        var random = new Random(1);
        for (var i = 0; i < 500; i++)
        {
            var (a, b) = (records[random.Next(records.Length)], records[random.Next(records.Length)]);
            Assert.Equal(before.Weight(a, b), after.Weight(a, b));
        }
        Assert.Equal(model.ToJson(), loaded.ToJson());
    }

    [Fact]
    public void A_model_whose_levels_do_not_fit_its_settings_is_refused()
    {
        var population = TestGraduates.Create(300, seed: 5);
        var model = ModelTrainer.Train(Graduates.Quick, new Featuriser(Graduates.Schema).FeaturiseAll(population.Records));
        var json = model.ToJson().Replace("\"label\": \"day-month-swap\"", "\"label\": \"day-month-swap\" }, { \"label\": \"extra\", \"m\": 0.1, \"u\": 0.1", StringComparison.Ordinal);

        var e = Assert.Throws<ResolutionSettingsException>(() => ResolutionModel.FromJson(json));
        Assert.Equal(SettingsProblem.Codes.ModelMismatch, e.Problems[0].Code);
    }

    [Fact]
    public void Evidence_is_a_waterfall_that_sums_to_the_match_weight()
    {
        var population = TestGraduates.Create(1500, seed: 5);
        var records = new Featuriser(Graduates.Schema).FeaturiseAll(population.Records);
        var scorer = new PairScorer(ModelTrainer.Train(Graduates.Quick, records));

        var evidence = scorer.Explain(
            Graduates.Record("a", ("name", "张晓雯"), ("birthDate", "2001-03-04"), ("region", "110105"), ("sex", "2")),
            Graduates.Record("b", ("name", "Zhang Xiaowen"), ("birthDate", "2001-04-03"), ("region", "110108"), ("sex", "2")));

        Assert.Equal(PairEvidence.Probabilistic, evidence.Basis);
        Assert.Equal(evidence.MatchWeight, evidence.PriorWeight + evidence.Comparisons.Sum(c => c.WeightLog2), 9);
        Assert.Equal("romanised", evidence.Comparisons.Single(c => c.Comparison == "name").Label);
        Assert.Equal("day-month-swap", evidence.Comparisons.Single(c => c.Comparison == "birthDate").Label);
        Assert.Equal("prefix4", evidence.Comparisons.Single(c => c.Comparison == "region").Label);
        Assert.Equal("null", evidence.Comparisons.Single(c => c.Comparison == "phone").Label);
        Assert.Contains("\"basis\":\"probabilistic\"", evidence.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Different_linkage_keys_are_never_a_match_and_equal_ones_always_are()
    {
        var population = TestGraduates.Create(300, seed: 5);
        var scorer = new PairScorer(ModelTrainer.Train(Graduates.Quick, new Featuriser(Graduates.Schema).FeaturiseAll(population.Records)));
        var a = Graduates.Record("a", ("name", "张晓雯"), ("birthDate", "2001-03-04"), ("linkageKey", "k1"));

        var different = scorer.Explain(a, Graduates.Record("b", ("name", "张晓雯"), ("birthDate", "2001-03-04"), ("linkageKey", "k2")));
        var same = scorer.Explain(a, Graduates.Record("c", ("name", "王伟"), ("linkageKey", "k1")));

        Assert.Equal(PairDecision.NewSubject, different.Decision);
        Assert.Equal(PairEvidence.DifferentLinkageKeys, different.Basis);
        Assert.Equal(PairDecision.Link, same.Decision);
        Assert.Equal(PairEvidence.SameLinkageKey, same.Basis);
    }
}
