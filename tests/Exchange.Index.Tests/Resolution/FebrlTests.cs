using Exchange.Index.Resolution;
using Exchange.Index.Resolution.Evaluation;
using Xunit.Abstractions;

namespace Exchange.Index.Tests.Resolution;

public sealed class FebrlTests(ITestOutputHelper output)
{
    [Fact]
    public void Deduplicates_FEBRL_3_with_F1_above_0_99()
    {
        var schema = FebrlData.Schema("febrl3.settings.json");
        var (records, truth) = FebrlData.Read(schema, "dataset3.csv");

        var result = ResolutionEngine.Resolve(schema, records);

        var metrics = PairwiseMetrics.Compute(truth, result.Clusters.ClusterIds);
        var (truePairs, found) = PairwiseMetrics.BlockingRecall(truth, result.Candidates);
        output.WriteLine($"FEBRL 3: candidates {result.Candidates.Count}, blocking recall {(double)found / truePairs:F4}, " +
            $"precision {metrics.Precision:F4} recall {metrics.Recall:F4} F1 {metrics.F1:F4}");
        output.WriteLine(string.Join(", ", result.Stages.Select(s => $"{s.Stage} {s.Seconds:F2}s")));
        Assert.Equal(6538, metrics.TruePairs);
        Assert.True(metrics.F1 > 0.99, $"F1 {metrics.F1}");
    }

    [Fact]
    public void Links_FEBRL_4_with_F1_above_0_99()
    {
        var schema = FebrlData.Schema("febrl4.settings.json");
        var (records, truth) = FebrlData.Read(schema, "dataset4a.csv", "dataset4b.csv");

        var result = ResolutionEngine.Resolve(schema, records);

        var metrics = PairwiseMetrics.Compute(truth, result.Clusters.ClusterIds);
        var (truePairs, found) = PairwiseMetrics.BlockingRecall(truth, result.Candidates);
        output.WriteLine($"FEBRL 4: candidates {result.Candidates.Count}, blocking recall {(double)found / truePairs:F4}, " +
            $"precision {metrics.Precision:F4} recall {metrics.Recall:F4} F1 {metrics.F1:F4}");
        Assert.Equal(5000, metrics.TruePairs);
        Assert.True(metrics.F1 > 0.99, $"F1 {metrics.F1}");
    }
}
