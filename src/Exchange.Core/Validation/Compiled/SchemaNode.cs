using System.Text.RegularExpressions;
using NJsonSchema.Validation.FormatValidators;

namespace Exchange.Core.Validation.Compiled;

/// <summary>
/// One schema of the published contract, reduced to the checks it makes: what the forward pass
/// consults for every value. Built once per schema by <see cref="SchemaCompiler"/>.
/// </summary>
internal sealed class SchemaNode
{
    /// <summary>The one non-null JSON type the value must have, or null when any type will do.</summary>
    public ExpectedType? Type { get; init; }

    /// <summary>The schema's type list names null: a non-object value then skips the property checks.</summary>
    public bool TypeAllowsNull { get; init; }

    /// <summary>A null value passes the type checks.</summary>
    public bool AcceptsNull { get; init; }

    public string? Pattern { get; init; }
    public Regex? PatternRegex { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public IFormatValidator[] Formats { get; init; } = [];

    public decimal? Minimum { get; init; }
    public decimal? Maximum { get; init; }
    public bool IsExclusiveMinimum { get; init; }
    public bool IsExclusiveMaximum { get; init; }
    public decimal? ExclusiveMinimum { get; init; }
    public decimal? ExclusiveMaximum { get; init; }

    /// <summary>The allowed values, each as NJsonSchema renders it for comparison; empty when unconstrained.</summary>
    public string[] Enumeration { get; init; } = [];

    public int MinItems { get; init; }
    public int MaxItems { get; init; }

    /// <summary>The schema of every item; filled in after construction because schemas may refer to themselves.</summary>
    public SchemaNode? Items { get; set; }

    public PropertyNode[] Properties { get; set; } = [];
    public bool AllowAdditionalProperties { get; init; } = true;
    public bool HasRequiredProperties { get; set; }

    /// <summary>The index of a named property, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> utf8Name)
    {
        var properties = Properties;
        for (var i = 0; i < properties.Length; i++)
        {
            if (utf8Name.SequenceEqual(properties[i].Utf8Name))
                return i;
        }
        return -1;
    }
}

/// <summary>A property of an object schema.</summary>
/// <param name="Name">The property name.</param>
/// <param name="Utf8Name">The name as UTF-8, compared against the record's bytes.</param>
/// <param name="Schema">The schema its value must match.</param>
/// <param name="Required">The property must be present.</param>
/// <param name="NullSkipsChecks">A null value is accepted without looking further.</param>
internal sealed record PropertyNode(string Name, byte[] Utf8Name, SchemaNode Schema, bool Required, bool NullSkipsChecks);
