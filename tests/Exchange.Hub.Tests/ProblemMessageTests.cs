using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Exchange.Access.Consent;
using Exchange.Adapters.Formats.Fhir;
using Exchange.Core.Model;
using Exchange.Core.Validation;
using Exchange.Hub.Ingest;
using Exchange.Hub.Tests.Records;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;

namespace Exchange.Hub.Tests;

/// <summary>
/// Every problem says the same thing to a reader of English and a reader of Chinese: across the
/// problems the hub can produce, a Chinese message stands for one English message, and a value
/// named in one language is named in the other. Two ways to see them all: the message pairs
/// written in src/ (English and Chinese literals side by side, as every <c>new Problem(…)</c> and
/// problem helper writes them), and the problems the mappers and the validator actually produce
/// from a corpus of bad input, which also catches messages composed from parts.
/// </summary>
public sealed partial class ProblemMessageTests
{
    [Fact]
    public void Every_Chinese_message_template_in_src_stands_for_one_English_template()
    {
        var clashes = SourceTemplates()
            .GroupBy(t => t.Chinese)
            .Where(g => g.Select(t => t.English).Distinct().Count() > 1)
            .Select(g => $"{g.Key} ← {string.Join(" | ", g.Select(t => $"{t.English} ({t.File})").Distinct())}")
            .ToList();

        Assert.True(clashes.Count == 0, string.Join("\n", clashes));
    }

    [Fact]
    public void Every_message_template_in_src_names_as_many_values_in_Chinese_as_in_English()
    {
        var templates = SourceTemplates();
        Assert.True(templates.Count > 80, $"only {templates.Count} message pairs found in src/: the scan no longer sees them");

        var uneven = templates.Where(t => Holes(t.English) != Holes(t.Chinese))
            .Select(t => $"{t.File}: {t.English} | {t.Chinese}").ToList();

        Assert.True(uneven.Count == 0, string.Join("\n", uneven));
    }

    [Fact]
    public async Task Problems_produced_from_bad_input_map_English_to_Chinese_one_to_one()
    {
        var problems = new List<Problem>();
        problems.AddRange(await ValidatorProblemsAsync());
        problems.AddRange(FhirConsentProblems());
        problems.AddRange(FhirCertificationProblems());
        Assert.True(problems.Select(p => p.Code).Distinct().Count() > 30, "the corpus no longer reaches the problems it was written for");

        var clashes = problems
            .GroupBy(p => p.MessageZh)
            .Where(g => g.Select(p => p.Message).Distinct().Count() > 1)
            .Select(g => $"{g.Key} ← {string.Join(" | ", g.Select(p => $"{p.Code}: {p.Message}").Distinct())}")
            .ToList();

        Assert.True(clashes.Count == 0, string.Join("\n", clashes));
    }

    private static async Task<IEnumerable<Problem>> ValidatorProblemsAsync()
    {
        var validator = await RecordValidator.CreateShippedAsync(TestTimeout.Token());
        var problems = new List<Problem>();
        foreach (var kind in RecordKinds.All)
        {
            var path = Path.Combine(Samples.RepositoryRoot, "samples", $"{kind.Name()}.invalid.json");
            foreach (var record in JsonNode.Parse(File.ReadAllText(path))!.AsArray())
                problems.AddRange(validator.Validate(kind, Encoding.UTF8.GetBytes(record!.ToJsonString())).Problems);
        }
        foreach (var broken in new[] { "", "[1]", "{\"recordId\":", "\"text\"", new string('[', 200) + new string(']', 200) })
            problems.AddRange(validator.Validate(RecordKind.Consent, Encoding.UTF8.GetBytes(broken)).Problems);
        return problems;
    }

    // A Consent with each required part taken away or spoilt in turn, the specification's own
    // examples, and a Bundle with broken entries.
    private static IEnumerable<Problem> FhirConsentProblems()
    {
        var problems = new List<Problem>();
        void Map(JsonObject consent) => problems.AddRange(FhirConsentMapper.Parse(consent.ToJsonString(), TestClients.UniversityA.Organisation, _ => null).Problems);
        void Without(params string[] path)
        {
            var consent = FhirConsentBundleTests.Consent("C-CORPUS");
            JsonNode node = consent;
            foreach (var step in path[..^1])
                node = node[step]!;
            node.AsObject().Remove(path[^1]);
            Map(consent);
        }

        Without("id");
        Without("dateTime");
        Without("provision");
        Without("provision", "type");
        Without("provision", "period");
        Without("provision", "actor");
        Without("provision", "purpose");
        Without("provision", "class");
        var withdrawn = FhirConsentBundleTests.Consent("C-CORPUS");
        withdrawn["status"] = "inactive";
        Map(withdrawn);
        foreach (var (element, value) in new (string, JsonNode)[]
        {
            ("status", "draft"),
            ("dateTime", "2026-03"),
            ("patient", new JsonObject { ["identifier"] = new JsonObject { ["system"] = "urn:example", ["value"] = "x" } }),
        })
        {
            var spoilt = FhirConsentBundleTests.Consent("C-CORPUS");
            spoilt[element] = value;
            Map(spoilt);
        }
        var period = FhirConsentBundleTests.Consent("C-CORPUS");
        period["provision"]!["period"] = new JsonObject { ["start"] = "2026-03", ["end"] = "2025-01-01" };
        Map(period);
        foreach (var example in Directory.GetFiles(Path.Combine(Samples.RepositoryRoot, "tests", "Exchange.Access.Tests", "Consent", "Fhir"), "*.json"))
            problems.AddRange(FhirConsentMapper.Parse(File.ReadAllText(example), TestClients.UniversityA.Organisation, _ => null).Problems);

        var invalid = FhirConsentBundleTests.Consent("C-CORPUS");
        invalid["status"] = "not-a-status";
        invalid.Remove("scope");
        var bundle = FhirConsentBundleTests.Bundle(invalid, new JsonObject { ["resourceType"] = "Patient", ["id"] = "p1" });
        bundle["entry"]!.AsArray().Add(new JsonObject());
        problems.AddRange(ConsentIntake.FromFhir(Encoding.UTF8.GetBytes(bundle.ToJsonString()), TestClients.UniversityA.Organisation).Records.SelectMany(r => r.MappingProblems));
        foreach (var body in new[] { "{", """{"resourceType":"Patient","id":"p1"}""", """{"resourceType":"Bundle","type":"not-a-type"}""" })
        {
            if (ConsentIntake.FromFhir(Encoding.UTF8.GetBytes(body), TestClients.UniversityA.Organisation).BodyProblem is { } problem)
                problems.Add(problem);
        }
        return problems;
    }

    private static IEnumerable<Problem> FhirCertificationProblems()
    {
        var payloads = Path.Combine(Samples.RepositoryRoot, "tests", "Exchange.Adapters.Tests", "Payloads");
        var observation = JsonNode.Parse(File.ReadAllText(Path.Combine(payloads, "fhir-r4-observation-example-f001.json")))!;
        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "collection",
            ["entry"] = new JsonArray(
                new JsonObject { ["resource"] = observation },
                new JsonObject { ["resource"] = new JsonObject { ["resourceType"] = "Observation", ["status"] = "registered", ["component"] = new JsonArray(new JsonObject { ["code"] = new JsonObject { ["text"] = "x" } }) } },
                new JsonObject { ["resource"] = new JsonObject { ["resourceType"] = "Observation", ["status"] = "not-a-status" } },
                new JsonObject { ["resource"] = new JsonObject { ["resourceType"] = "Consent", ["id"] = "c1" } },
                new JsonObject()),
        };
        return new[]
        {
            FhirCertificationMapper.MapBundle(Encoding.UTF8.GetBytes(bundle.ToJsonString())),
            FhirCertificationMapper.MapBundle(File.ReadAllBytes(Path.Combine(payloads, "fhir-r4-bundle-example.json"))),
            FhirCertificationMapper.MapBundle("<html/>"u8),
            FhirCertificationMapper.MapBundle("""{"resourceType":"Patient"}"""u8),
        }.SelectMany(m => m.Entries.SelectMany(e => e.Problems).Concat(m.BundleProblem is { } p ? [p] : []));
    }

    private sealed record Template(string English, string Chinese, string File);

    // Two string literals side by side, the first without Chinese and the second with it, each
    // perhaps inside F(…): the English and Chinese messages of a problem. Interpolation holes are
    // compared by count, not by what they hold.
    private static List<Template> SourceTemplates()
    {
        var src = Path.Combine(Samples.RepositoryRoot, "src");
        var templates = new List<Template>();
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                continue;
            foreach (Match pair in MessagePair().Matches(File.ReadAllText(file)))
            {
                var (english, chinese) = (pair.Groups["en"].Value, pair.Groups["zh"].Value);
                if (Chinese().IsMatch(chinese) && !Chinese().IsMatch(english))
                    templates.Add(new Template(Normalise(english), Normalise(chinese), Path.GetRelativePath(src, file)));
            }
        }
        return templates;
    }

    private static string Normalise(string literal)
    {
        var interpolated = literal.StartsWith('$');
        var text = literal.TrimStart('$', '@')[1..^1];
        return interpolated ? Hole().Replace(text.Replace("{{", "(", StringComparison.Ordinal).Replace("}}", ")", StringComparison.Ordinal), "{}") : text;
    }

    private static int Holes(string template) => template.Split("{}").Length - 1;

    [GeneratedRegex("""(?:F\(\s*)?(?<en>\$?@?"(?:[^"\\\n]|\\.)*")\)?\s*,\s*(?:F\(\s*)?(?<zh>\$?@?"(?:[^"\\\n]|\\.)*")""")]
    private static partial Regex MessagePair();

    [GeneratedRegex(@"[\u4e00-\u9fff]")]
    private static partial Regex Chinese();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Hole();
}
