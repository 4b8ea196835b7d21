using System.Globalization;
using Exchange.Index.Resolution.Features;
using Exchange.Index.Resolution.Settings;
using Exchange.Index.Resolution.Training;

namespace Exchange.Index.Tests.Resolution;

public sealed class EmTests
{
    private const string Settings = """
        {
          "fields": [
            { "name": "a", "type": "code", "column": "a" },
            { "name": "b", "type": "code", "column": "b" },
            { "name": "c", "type": "code", "column": "c" },
            { "name": "d", "type": "code", "column": "d" }
          ],
          "comparisons": [
            { "name": "a", "field": "a", "levels": [ { "kind": "exact" } ] },
            { "name": "b", "field": "b", "levels": [ { "kind": "exact" } ] },
            { "name": "c", "field": "c", "levels": [ { "kind": "exact" } ] },
            { "name": "d", "field": "d", "levels": [ { "kind": "exact" } ] }
          ],
          "blocking": { "rules": [ { "keys": [ "a" ] }, { "keys": [ "b" ] } ] },
          "training": { "rules": [ { "keys": [ "a" ] }, { "keys": [ "b" ] } ], "randomPairs": 200000 }
        }
        """;

    [Fact]
    public void Recovers_known_m_and_u_from_generated_pairs()
    {
        // Each field draws from 1,000 values, so u(exact) = 0.001; a duplicate keeps each field with a known probability.
        double[] keep = [0.95, 0.9, 0.8, 0.7];
        const int values = 1000;
        var random = new Random(3);
        var records = new List<InputRecord>();
        for (var entity = 0; entity < 6000; entity++)
        {
            var original = keep.Select(_ => random.Next(values)).ToArray();
            records.Add(Record(records.Count, original));
            if (random.NextDouble() < 0.6)
                records.Add(Record(records.Count, [.. original.Select((v, f) => random.NextDouble() < keep[f] ? v : random.Next(values))]));
        }
        var schema = ResolutionSchema.Compile(ResolutionSettings.Parse(Settings));
        var features = new Featuriser(schema).FeaturiseAll(records);

        var model = ModelTrainer.Train(schema, features);

        for (var f = 0; f < keep.Length; f++)
        {
            var name = ((char)('a' + f)).ToString();
            var expectedM = keep[f] + (1 - keep[f]) / values;
            Assert.InRange(model.MProbability(name, 0), expectedM - 0.03, expectedM + 0.03);
            Assert.InRange(model.UProbability(name, 0), 0.0007, 0.0013);
        }
        Assert.All(model.Report.Em, run => Assert.True(run.Converged, run.Rule));
    }

    private static InputRecord Record(int id, int[] values) =>
        new(id.ToString(CultureInfo.InvariantCulture), 0, [.. values.Select(v => (string?)v.ToString(CultureInfo.InvariantCulture))]);

    [Fact]
    public void Labelled_pairs_give_m_directly()
    {
        var schema = ResolutionSchema.Compile(ResolutionSettings.Parse(Settings));
        var records = new Featuriser(schema).FeaturiseAll(
        [
            .. Enumerable.Range(0, 400).Select(i => Record(i, [i / 2, i / 2, i % 2 == 0 ? i : i - 1, i])),
        ]);
        // Pairs (0,1), (2,3) …: a and b and c agree, d never does.
        var labels = Enumerable.Range(0, 200).Select(p => new LabelledPair(2 * p, 2 * p + 1, true)).ToList();

        var model = ModelTrainer.Train(schema, records, labels: labels);

        Assert.True(model.MProbability("a", 0) > 0.99);
        Assert.True(model.MProbability("d", 0) < 0.01);
        Assert.Empty(model.Report.Em);
    }

    [Fact]
    public void The_prior_is_the_share_of_matches_among_all_scorable_pairs_not_odds_taken_among_candidates()
    {
        var population = TestGraduates.Create(6000, seed: 5);
        var records = new Featuriser(Graduates.Schema).FeaturiseAll(population.Records);

        var model = ModelTrainer.Train(Graduates.Quick, records);

        // The truth: pairs of one graduate that are not both keyed, over all pairs not both keyed.
        double n = records.Length, keyed = Enumerable.Range(0, records.Length).Count(population.HasKey);
        var matches = Enumerable.Range(0, records.Length).GroupBy(i => population.Truth[i])
            .Sum(g => { double size = g.Count(), k = g.Count(population.HasKey); return size * (size - 1) / 2 - k * (k - 1) / 2; });
        var truth = matches / (n * (n - 1) / 2 - keyed * (keyed - 1) / 2);
        // Odds taken among the candidates overstated it (by 12% here, eightfold at a million graduates).
        Assert.InRange(model.Prior, truth / 1.05, truth * 1.05);
    }
}
