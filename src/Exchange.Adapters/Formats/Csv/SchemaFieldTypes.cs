using System.Text.Json;
using Exchange.Core.Model;

namespace Exchange.Adapters.Formats.Csv;

/// <summary>The JSON types a field of a published schema takes (<c>string</c>, <c>integer</c>, <c>array</c> …) and, for arrays, those of its items.</summary>
internal sealed record FieldType(IReadOnlySet<string> Types, FieldType? Items)
{
    public bool Allows(string type) => Types.Contains(type) || (type == "integer" && Types.Contains("number"));

    public override string ToString() => string.Join(" or ", Types.Where(t => t != "null").Order(StringComparer.Ordinal));
}

/// <summary>
/// Reads the field types of the published JSON Schemas, so that mapping profiles are checked
/// against the contract when they load: a path the schema does not have, or a constant of the
/// wrong type, is a profile error at start rather than every row rejected later.
/// </summary>
internal sealed class SchemaFieldTypes
{
    private readonly Dictionary<RecordKind, JsonElement> _schemas = [];

    private SchemaFieldTypes()
    {
    }

    /// <summary>Reads every kind's schema from a folder; the error names a schema that cannot be read.</summary>
    public static (SchemaFieldTypes? Types, string? Error) Load(string directory)
    {
        var types = new SchemaFieldTypes();
        foreach (var kind in RecordKinds.All)
        {
            var path = Path.Combine(directory, kind.SchemaFileName());
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(path));
                types._schemas[kind] = document.RootElement.Clone();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
            {
                return (null, $"The published schema '{path}' cannot be read to check the mapping profiles: {e.Message}");
            }
        }
        return (types, null);
    }

    /// <summary>The type of the field at a dotted path of a kind, or null when the schema has no such field.</summary>
    public FieldType? Find(RecordKind kind, string dottedPath)
    {
        var root = _schemas[kind];
        var current = root;
        foreach (var segment in dottedPath.Split('.'))
        {
            var property = Alternatives(root, current)
                .Select(a => a.TryGetProperty("properties", out var properties) && properties.TryGetProperty(segment, out var p) ? p : (JsonElement?)null)
                .FirstOrDefault(p => p is not null);
            if (property is null)
                return null;
            current = property.Value;
        }
        return TypeOf(root, current);
    }

    private static FieldType TypeOf(JsonElement root, JsonElement schema)
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        FieldType? items = null;
        foreach (var alternative in Alternatives(root, schema))
        {
            if (alternative.TryGetProperty("type", out var type))
            {
                if (type.ValueKind == JsonValueKind.String)
                    types.Add(type.GetString()!);
                else if (type.ValueKind == JsonValueKind.Array)
                    types.UnionWith(type.EnumerateArray().Select(t => t.GetString()!));
            }
            else if (alternative.TryGetProperty("properties", out _))
            {
                types.Add("object");
            }
            if (alternative.TryGetProperty("items", out var itemSchema))
                items = TypeOf(root, itemSchema);
        }
        return new FieldType(types, items);
    }

    // The schemas the generator writes use local $refs and oneOf/anyOf with null for optional objects.
    private static IEnumerable<JsonElement> Alternatives(JsonElement root, JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
            yield break;
        if (schema.TryGetProperty("$ref", out var reference) && Resolve(root, reference.GetString()) is { } target)
        {
            foreach (var alternative in Alternatives(root, target))
                yield return alternative;
        }
        foreach (var combinator in (string[])["oneOf", "anyOf", "allOf"])
        {
            if (schema.TryGetProperty(combinator, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var option in list.EnumerateArray())
                {
                    foreach (var alternative in Alternatives(root, option))
                        yield return alternative;
                }
            }
        }
        yield return schema;
    }

    private static JsonElement? Resolve(JsonElement root, string? reference)
    {
        if (reference is null || !reference.StartsWith("#/", StringComparison.Ordinal))
            return null;
        var node = root;
        foreach (var segment in reference[2..].Split('/'))
        {
            if (!node.TryGetProperty(segment, out node))
                return null;
        }
        return node;
    }
}
