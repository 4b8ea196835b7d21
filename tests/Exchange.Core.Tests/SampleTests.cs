using System.Text.Json;
using Exchange.Core.Model;

namespace Exchange.Core.Tests;

public sealed class SampleTests(ValidatorFixture fixture) : IClassFixture<ValidatorFixture>
{
    public static TheoryData<string> Kinds() => new(RecordKinds.All.Select(k => k.Name()));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_record_of_the_valid_sample_passes_both_layers(string kindName)
    {
        RecordKinds.TryParse(kindName, out var kind);
        var outcome = fixture.Batches.Validate(kind, File.ReadAllBytes(Repository.PathOf("samples", $"{kindName}.valid.json")));

        Assert.Null(outcome.BatchProblem);
        Assert.NotEmpty(outcome.Records);
        Assert.All(outcome.Records, r => Assert.True(r.Result.IsValid,
            $"{r.RecordId}: {string.Join("; ", r.Result.Problems.Select(p => $"{p.Code} {p.Pointer} {p.Message}"))}"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_record_of_the_invalid_sample_gets_exactly_the_problems_expected(string kindName)
    {
        RecordKinds.TryParse(kindName, out var kind);
        var outcome = fixture.Batches.Validate(kind, File.ReadAllBytes(Repository.PathOf("samples", $"{kindName}.invalid.json")));
        var expected = ReadExpected(kindName);

        Assert.Null(outcome.BatchProblem);
        Assert.Equal(expected.Count, outcome.Records.Count);
        foreach (var (record, want) in outcome.Records.Zip(expected))
        {
            Assert.Equal(want.RecordId, record.RecordId);
            var got = record.Result.Problems.Select(p => (p.Code, p.Pointer)).Order().ToList();
            var wanted = want.Problems.Select(p => (p.Code, p.Pointer)).Order().ToList();
            Assert.True(wanted.SequenceEqual(got),
                $"{want.RecordId} ({want.Rule}): expected [{string.Join(", ", wanted)}] but got [{string.Join(", ", got)}]");
            Assert.All(record.Result.Problems, p =>
            {
                Assert.False(string.IsNullOrWhiteSpace(p.Message));
                Assert.False(string.IsNullOrWhiteSpace(p.MessageZh));
            });
        }
    }

    [Fact]
    public void No_problem_message_repeats_a_clear_resident_id()
    {
        foreach (var kind in RecordKinds.All)
        {
            var path = Repository.PathOf("samples", $"{kind.Name()}.invalid.json");
            var ids = JsonDocument.Parse(File.ReadAllBytes(path)).RootElement.EnumerateArray()
                .Where(e => e.TryGetProperty("residentId", out _)).Select(e => e.GetProperty("residentId").GetString()!).ToHashSet();
            var outcome = fixture.Batches.Validate(kind, File.ReadAllBytes(path));
            var messages = outcome.Records.SelectMany(r => r.Result.Problems).SelectMany(p => new[] { p.Message, p.MessageZh });
            Assert.DoesNotContain(messages, m => ids.Any(id => m.Contains(id, StringComparison.Ordinal)));
        }
    }

    private static List<ExpectedRecord> ReadExpected(string kindName) =>
        JsonSerializer.Deserialize<List<ExpectedRecord>>(
            File.ReadAllBytes(Repository.PathOf("samples", "expected", $"{kindName}.invalid.problems.json")),
            new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    private sealed record ExpectedRecord(string RecordId, string Rule, List<ExpectedProblem> Problems);

    private sealed record ExpectedProblem(string Code, string Pointer);
}
