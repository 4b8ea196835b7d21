using Exchange.Core.Model;
using NJsonSchema;

namespace Exchange.Core.Schemas;

/// <summary>The published JSON Schemas, one per record kind, loaded from <c>schemas/</c>.</summary>
public sealed class SchemaCatalog
{
    private readonly IReadOnlyDictionary<RecordKind, JsonSchema> _schemas;

    private SchemaCatalog(IReadOnlyDictionary<RecordKind, JsonSchema> schemas) => _schemas = schemas;

    /// <summary>The folder of schemas shipped beside the binaries.</summary>
    public static string ShippedDirectory => Path.Combine(AppContext.BaseDirectory, "schemas");

    /// <summary>The schema of a kind.</summary>
    public JsonSchema this[RecordKind kind] => _schemas[kind];

    /// <summary>Loads <c>&lt;kind&gt;.v1.schema.json</c> for every kind from a folder.</summary>
    public static async Task<SchemaCatalog> LoadAsync(string directory, CancellationToken cancellationToken)
    {
        var schemas = new Dictionary<RecordKind, JsonSchema>();
        foreach (var kind in RecordKinds.All)
        {
            var path = Path.Combine(directory, kind.SchemaFileName());
            if (!File.Exists(path))
                throw new FileNotFoundException($"The published schema for '{kind.Name()}' is missing.", path);
            var json = await File.ReadAllTextAsync(path, cancellationToken);
            schemas[kind] = await JsonSchema.FromJsonAsync(json, cancellationToken);
        }
        return new SchemaCatalog(schemas);
    }
}
