using NJsonSchema;

namespace Exchange.Core.Validation.Compiled;

/// <summary>
/// A JSON Schema compiled for one forward pass over UTF-8 JSON: every check the schema makes,
/// with its patterns compiled once, and no tree built from the record.
/// </summary>
public sealed class CompiledSchema
{
    /// <summary>How long one pattern may take on one value before the value is refused as uncheckable.</summary>
    public static readonly TimeSpan DefaultPatternTimeout = TimeSpan.FromMilliseconds(200);

    private readonly SchemaNode _root;

    private CompiledSchema(SchemaNode root) => _root = root;

    /// <summary>Compiles a schema; throws <see cref="NotSupportedException"/> for a keyword the forward pass does not implement.</summary>
    public static CompiledSchema Compile(JsonSchema schema, TimeSpan patternTimeout) =>
        new(new SchemaCompiler(patternTimeout).Compile(schema));

    /// <summary>Validates UTF-8 JSON that has passed the input checks; returns the problems found.</summary>
    public IReadOnlyList<Problem> Validate(ReadOnlySpan<byte> utf8)
    {
        using var pass = new StructuralPass();
        return pass.Run(_root, utf8);
    }
}
