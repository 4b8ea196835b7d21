using Exchange.Core.Model;
using Exchange.Core.Schemas;

namespace Exchange.Core.Validation.Compiled;

/// <summary>
/// The structural layer as the hub runs it: each kind's published JSON Schema compiled at load
/// and checked in one forward pass over the record's bytes. It gives the problems that
/// <see cref="StructuralValidator"/> (NJsonSchema) gives, with one deliberate difference: a
/// string's length is counted in Unicode code points, as JSON Schema defines it, where
/// NJsonSchema counts UTF-16 units.
/// </summary>
public sealed class CompiledStructuralValidator
{
    private readonly Dictionary<RecordKind, CompiledSchema> _schemas;

    /// <summary>Compiles every kind's schema with the default pattern timeout.</summary>
    public CompiledStructuralValidator(SchemaCatalog schemas)
        : this(schemas, CompiledSchema.DefaultPatternTimeout)
    {
    }

    /// <summary>Compiles every kind's schema, giving each pattern match at most <paramref name="patternTimeout"/>.</summary>
    public CompiledStructuralValidator(SchemaCatalog schemas, TimeSpan patternTimeout) =>
        _schemas = RecordKinds.All.ToDictionary(k => k, k => CompiledSchema.Compile(schemas[k], patternTimeout));

    /// <summary>Validates UTF-8 JSON that has passed the input checks; returns the problems found.</summary>
    public IReadOnlyList<Problem> Validate(RecordKind kind, ReadOnlySpan<byte> utf8) => _schemas[kind].Validate(utf8);
}
