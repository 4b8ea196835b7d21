using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Core.Json;
using Exchange.Core.Model;
using NJsonSchema;
using NJsonSchema.Generation;

namespace Exchange.Core.Schemas;

/// <summary>
/// Generates the published JSON Schemas (draft-07) from the C# record types, so the contract
/// and the code cannot drift: a test regenerates them and compares with the checked-in files.
/// Descriptions come from the types' XML documentation, Chinese labels from <see cref="ZhLabelAttribute"/>.
/// </summary>
public static class SchemaGenerator
{
    private const string Draft07 = "http://json-schema.org/draft-07/schema#";

    private static readonly JsonSerializerOptions s_writeOptions = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        // The Chinese labels stay readable in the published files.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The schema of one kind, as the JSON text that is published.</summary>
    public static string Generate(RecordKind kind)
    {
        var settings = new SystemTextJsonSchemaGeneratorSettings
        {
            SerializerOptions = RecordJson.Options,
            SchemaType = SchemaType.JsonSchema,
            DefaultReferenceTypeNullHandling = ReferenceTypeNullHandling.NotNull,
            AlwaysAllowAdditionalObjectProperties = false,
            FlattenInheritanceHierarchy = true,
            GenerateEnumMappingDescription = false,
        };
        settings.SchemaProcessors.Add(new ContractProcessor());

        var schema = JsonSchema.FromType(kind.RecordType(), settings);
        schema.Title = kind.Name();

        // NJsonSchema writes draft-04's "id"; draft-07 names it "$id" and wants it up front.
        var generated = JsonNode.Parse(schema.ToJson())!.AsObject();
        generated.Remove("$schema");
        generated.Remove("id");
        var published = new JsonObject
        {
            ["$schema"] = Draft07,
            ["$id"] = kind.SchemaId(),
        };
        foreach (var (name, value) in generated.ToList())
        {
            generated.Remove(name);
            published[name] = value;
        }
        return published.ToJsonString(s_writeOptions) + "\n";
    }

    /// <summary>Writes every kind's schema into a folder; returns the files written.</summary>
    public static IReadOnlyList<string> WriteAll(string directory)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var kind in RecordKinds.All)
        {
            var path = Path.Combine(directory, kind.SchemaFileName());
            File.WriteAllText(path, Generate(kind));
            written.Add(path);
        }
        return written;
    }

    /// <summary>
    /// Adds what the reflection-based generator cannot know: <c>x-label-zh</c> on every type and
    /// property, and <c>required</c> for C# <c>required</c> members.
    /// </summary>
    private sealed class ContractProcessor : ISchemaProcessor
    {
        public void Process(SchemaProcessorContext context)
        {
            var type = context.ContextualType.Type;
            if (type.Namespace != typeof(GraduateRecord).Namespace)
                return;
            var schema = context.Schema;
            if (type.GetCustomAttribute<ZhLabelAttribute>() is { } typeLabel)
                (schema.ExtensionData ??= new Dictionary<string, object?>())["x-label-zh"] = typeLabel.Label;

            foreach (var clrProperty in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var name = RecordJson.Options.PropertyNamingPolicy!.ConvertName(clrProperty.Name);
                if (!schema.Properties.TryGetValue(name, out var property))
                    continue;
                if (clrProperty.GetCustomAttribute<ZhLabelAttribute>() is { } label)
                    (property.ExtensionData ??= new Dictionary<string, object?>())["x-label-zh"] = label.Label;
                if (clrProperty.GetCustomAttribute<RequiredMemberAttribute>() is not null)
                    property.IsRequired = true;
            }
        }
    }
}
