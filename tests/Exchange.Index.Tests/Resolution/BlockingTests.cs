using Exchange.Index.Resolution.Blocking;
using Exchange.Index.Resolution.Evaluation;
using Exchange.Index.Resolution.Features;
using Xunit.Abstractions;

namespace Exchange.Index.Tests.Resolution;

public sealed class BlockingTests(ITestOutputHelper output)
{
    [Fact]
    public void Union_of_the_shipped_rules_finds_the_true_pairs_of_records_without_a_linkage_key()
    {
        var population = TestGraduates.Create(4000, seed: 7);
        var records = new Featuriser(Graduates.Schema).FeaturiseAll(population.Records);

        var candidates = new Blocker(Graduates.Schema).FindPairs(records);

        var (truePairs, found) = PairwiseMetrics.BlockingRecall(population.Truth, candidates, i => !population.HasKey(i));
        output.WriteLine($"{records.Length} records, {candidates.Count} candidate pairs, recall {(double)found / truePairs:F4} of {truePairs}");
        Assert.True((double)found / truePairs >= 0.99, $"blocking recall {(double)found / truePairs}");
        // Cost grows about linearly: a few candidate pairs per record, not a share of all pairs.
        Assert.True(candidates.Count < records.Length * 10, $"{candidates.Count} candidate pairs");
    }

    [Fact]
    public void Pairs_of_two_keyed_records_are_never_candidates()
    {
        var a = Graduates.Record("a", ("name", "王伟"), ("birthDate", "2001-01-01"), ("linkageKey", "k1"));
        var b = Graduates.Record("b", ("name", "王伟"), ("birthDate", "2001-01-01"), ("linkageKey", "k2"));
        var c = Graduates.Record("c", ("name", "王伟"), ("birthDate", "2001-01-01"));

        var candidates = new Blocker(Graduates.Schema).FindPairs([a, b, c]);

        Assert.False(candidates.Contains(0, 1));
        Assert.True(candidates.Contains(0, 2));
        Assert.True(candidates.Contains(1, 2));
    }

    [Fact]
    public void A_record_without_a_birth_date_meets_records_of_its_name_in_blocks_past_the_rare_name_cap()
    {
        // 45 of 王琳 with dates (past the rare-name rule's cap of 40) and one placement without a date.
        var dated = Enumerable.Range(0, 45).Select(i => Graduates.Record($"d{i}", ("name", "王琳"), ("birthDate", $"{1998 + i % 7}-{1 + i % 12:D2}-{1 + i % 28:D2}")));
        var records = dated.Append(Graduates.Record("undated", ("name", "王琳"))).ToArray();

        var candidates = new Blocker(Graduates.Schema).FindPairs(records);

        var rule = candidates.Rules.Single(r => r.Rule == "pinyin-without-birth-date");
        Assert.Equal(45, rule.Pairs);
        Assert.All(Enumerable.Range(0, 45), i => Assert.True(candidates.Contains(i, 45)));
    }

    [Fact]
    public void A_block_past_its_cap_is_compared_within_a_window()
    {
        var records = Enumerable.Range(0, 1500).Select(i => Graduates.Record($"r{i}", ("name", "王伟"), ("birthDate", "2001-01-01"))).ToArray();

        var candidates = new Blocker(Graduates.Schema).FindPairs(records);

        var rule = candidates.Rules.Single(r => r.Rule == "surname+birth-date");
        Assert.Equal(1, rule.CappedBlocks);
        Assert.False(rule.CappedBlocksSkipped);
        Assert.True(rule.Pairs <= 1500L * 30, $"{rule.Pairs} pairs");
        Assert.True(candidates.Count < 1500L * 1499 / 2);
    }
}

public sealed class BlockingKeyTests
{
    [Fact]
    public void A_romanised_name_of_uncertain_order_has_keys_for_both_orders_and_meets_the_characters()
    {
        var blocker = new Blocker(Graduates.Schema);
        var characters = blocker.KeysOf(Graduates.Record("a", ("name", "张晓雯"), ("birthDate", "2001-03-04")));
        var romanised = blocker.KeysOf(Graduates.Record("b", ("name", "Xiaowen Zhang"), ("birthDate", "2001-03-04")));

        Assert.Equal(2, romanised.Count(k => k.Rule == "surname+birth-date"));
        Assert.Contains(characters.Single(k => k.Rule == "surname+birth-date"), romanised);
        Assert.Contains(characters.Single(k => k.Rule == "pinyin+birth-year"), romanised);
    }

    [Fact]
    public void A_record_missing_a_key_part_has_no_key_under_that_rule()
    {
        var keys = new Blocker(Graduates.Schema).KeysOf(Graduates.Record("a", ("name", "张晓雯")));
        Assert.DoesNotContain(keys, k => k.Rule == "surname+birth-date");
        Assert.Contains(keys, k => k.Rule == "rare-name");
    }
}
