using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Validation;
using Exchange.Core.Validation.Compiled;
using Xunit.Abstractions;

namespace Exchange.Core.Tests.Conformance;

/// <summary>
/// The compiled structural validator against the NJsonSchema one, on the published schemas:
/// every sample, and a corpus of mutated records generated from a fixed seed. Both must find the
/// same problems (code, pointer and both messages) in every record.
/// </summary>
public sealed class StructuralConformanceTests(ValidatorFixture fixture, ITestOutputHelper output) : IClassFixture<ValidatorFixture>
{
    private const int Seed = 20260630;
    private const int CorpusSize = 100_000;

    private static readonly JsonSerializerOptions s_plain = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions s_escaped = new();

    [Fact]
    public void Both_validators_find_the_same_problems_in_every_sample()
    {
        var (compiled, reference) = Validators();
        var differences = new List<string>();
        foreach (var (kind, record) in SampleRecords())
            Compare(kind, "sample", Encoding.UTF8.GetBytes(record.ToJsonString(s_plain)), compiled, reference, differences);

        Assert.True(differences.Count == 0, Report(differences));
    }

    [Fact]
    public void Both_validators_find_the_same_problems_in_a_corpus_of_mutated_records()
    {
        var (compiled, reference) = Validators();
        var seeds = SampleRecords().ToList();
        var random = new Random(Seed);
        var mutator = new RecordMutator(random);
        var kinds = Enum.GetValues<MutationKind>();
        var differences = new List<string>();
        var invalid = new Dictionary<MutationKind, int>();

        var checkedRecords = 0;
        for (var i = 0; i < CorpusSize; i++)
        {
            var (kind, sample) = seeds[random.Next(seeds.Count)];
            var mutation = kinds[i % kinds.Length];
            var record = mutator.Mutate(sample, mutation);
            var json = mutator.MutateText(record.ToJsonString(random.Next(2) == 0 ? s_plain : s_escaped), mutation, record);
            var utf8 = Encoding.UTF8.GetBytes(json);
            if (!PassesInputChecks(utf8))
                continue;
            checkedRecords++;
            if (Compare(kind, $"{mutation} #{i}", utf8, compiled, reference, differences))
                invalid[mutation] = invalid.GetValueOrDefault(mutation) + 1;
        }

        output.WriteLine($"{checkedRecords} records checked; invalid per kind: {string.Join(", ", invalid.Select(p => $"{p.Key} {p.Value}"))}");
        Assert.True(checkedRecords >= CorpusSize * 9 / 10, $"Only {checkedRecords} records passed the input checks.");
        Assert.True(differences.Count == 0, Report(differences));
        // A corpus whose mutations never break a record proves nothing.
        Assert.All(kinds, k => Assert.True(invalid.GetValueOrDefault(k) > 1000, $"{k}: only {invalid.GetValueOrDefault(k)} invalid records"));
    }

    private (CompiledStructuralValidator Compiled, StructuralValidator Reference) Validators() =>
        (new CompiledStructuralValidator(fixture.Schemas), new StructuralValidator(fixture.Schemas));

    // Returns whether the reference found the record invalid; records a difference when the two disagree.
    private static bool Compare(RecordKind kind, string label, byte[] utf8, CompiledStructuralValidator compiled, StructuralValidator reference, List<string> differences)
    {
        var expected = Sorted(reference.Validate(kind, utf8));
        List<string> actual;
        try
        {
            actual = Sorted(compiled.Validate(kind, utf8));
        }
        catch (Exception ex)
        {
            actual = [$"threw {ex}"];
        }
        if (!expected.SequenceEqual(actual))
        {
            differences.Add($"{kind.Name()} {label}\n  record:    {Encoding.UTF8.GetString(utf8)}\n  NJsonSchema: [{string.Join("; ", expected)}]\n  compiled:    [{string.Join("; ", actual)}]");
        }
        return expected.Count > 0;
    }

    private static List<string> Sorted(IReadOnlyList<Problem> problems) =>
        problems.Select(p => $"{p.Code} {p.Pointer} | {p.Message} | {p.MessageZh}").Order(StringComparer.Ordinal).ToList();

    private static string Report(List<string> differences) =>
        $"{differences.Count} records judged differently; the first:\n{string.Join("\n", differences.Take(5))}";

    private static IEnumerable<(RecordKind Kind, JsonNode Record)> SampleRecords()
    {
        foreach (var kind in RecordKinds.All)
        {
            foreach (var file in new[] { "valid", "invalid" })
            {
                var samples = JsonNode.Parse(File.ReadAllBytes(Repository.PathOf("samples", $"{kind.Name()}.{file}.json")))!.AsArray();
                foreach (var record in samples)
                    yield return (kind, record!);
            }
        }
    }

    // Both validators are given only what the input checks let through: an object, nested at most MaxDepth levels.
    private static bool PassesInputChecks(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = RecordJson.MaxDepth + 1 });
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth > RecordJson.MaxDepth)
                    return false;
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
