using System.Text.Json.Nodes;
using Exchange.Core.Model;
using Exchange.Core.Schemas;

namespace Exchange.Core.Tests;

public sealed class SchemaContractTests
{
    public static TheoryData<string> Kinds() => new(RecordKinds.All.Select(k => k.Name()));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Published_schema_matches_what_the_CSharp_type_generates(string kindName)
    {
        RecordKinds.TryParse(kindName, out var kind);
        var published = File.ReadAllText(Repository.PathOf("schemas", kind.SchemaFileName()));

        Assert.True(published == SchemaGenerator.Generate(kind),
            $"schemas/{kind.SchemaFileName()} has drifted from {kind.RecordType().Name}; run: dotnet run --project src/Exchange.Cli -- schemas write schemas");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Published_schema_is_draft_07_with_a_versioned_id(string kindName)
    {
        RecordKinds.TryParse(kindName, out var kind);
        var schema = JsonNode.Parse(File.ReadAllText(Repository.PathOf("schemas", kind.SchemaFileName())))!;

        Assert.Equal("http://json-schema.org/draft-07/schema#", (string?)schema["$schema"]);
        Assert.EndsWith($"/{kindName}/v1.schema.json", (string?)schema["$id"], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_property_has_an_English_description_and_a_Chinese_label(string kindName)
    {
        RecordKinds.TryParse(kindName, out var kind);
        var schema = JsonNode.Parse(File.ReadAllText(Repository.PathOf("schemas", kind.SchemaFileName())))!.AsObject();
        var objects = new List<(string Where, JsonObject Schema)> { ("root", schema) };
        if (schema["definitions"] is JsonObject definitions)
            objects.AddRange(definitions.Select(d => (d.Key, d.Value!.AsObject())));

        var missing = new List<string>();
        foreach (var (where, objectSchema) in objects)
        {
            foreach (var (name, property) in objectSchema["properties"]!.AsObject())
            {
                if (string.IsNullOrWhiteSpace((string?)property!["description"]))
                    missing.Add($"{where}.{name}: description");
                if (string.IsNullOrWhiteSpace((string?)property["x-label-zh"]))
                    missing.Add($"{where}.{name}: x-label-zh");
            }
        }
        Assert.Empty(missing);
    }
}
