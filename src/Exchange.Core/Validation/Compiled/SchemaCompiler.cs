using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NJsonSchema;
using NJsonSchema.Validation.FormatValidators;

namespace Exchange.Core.Validation.Compiled;

/// <summary>
/// Reduces a published JSON Schema, as NJsonSchema reads it, to <see cref="SchemaNode"/>s. The
/// shapes the generator emits are compiled; any other keyword is refused when the schema loads,
/// so that a schema the forward pass would misjudge can never reach it.
/// </summary>
internal sealed class SchemaCompiler(TimeSpan patternTimeout)
{
    // The format checks NJsonSchema applies, used as they are so that both validators agree on what a date is.
    private static readonly IFormatValidator[] s_formatValidators =
    [
        new DateTimeFormatValidator(), new DateFormatValidator(), new EmailFormatValidator(), new GuidFormatValidator(),
        new HostnameFormatValidator(), new IpV4FormatValidator(), new IpV6FormatValidator(), new TimeFormatValidator(),
        new TimeSpanFormatValidator(), new UriFormatValidator(), new ByteFormatValidator(), new Base64FormatValidator(),
        new UuidFormatValidator(),
    ];

    private readonly Dictionary<JsonSchema, SchemaNode> _compiled = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, Regex> _patterns = new(StringComparer.Ordinal);

    public SchemaNode Compile(JsonSchema schema)
    {
        var actual = schema.ActualSchema;
        if (_compiled.TryGetValue(actual, out var done))
            return done;

        Refuse(actual);
        var nonNull = Enum.GetValues<JsonObjectType>()
            .Where(t => t is not (JsonObjectType.None or JsonObjectType.Null or JsonObjectType.File) && actual.Type.HasFlag(t))
            .ToList();
        if (nonNull.Count > 1)
            throw Unsupported(actual, "a type list with more than one type besides null");
        var node = new SchemaNode
        {
            Type = nonNull.Count == 0 ? (actual.Type == JsonObjectType.Null ? ExpectedType.Null : null) : ToExpected(nonNull[0]),
            TypeAllowsNull = actual.Type.HasFlag(JsonObjectType.Null),
            AcceptsNull = actual.IsNullable(SchemaType.JsonSchema),
            Pattern = string.IsNullOrEmpty(actual.Pattern) ? null : actual.Pattern,
            PatternRegex = string.IsNullOrEmpty(actual.Pattern) ? null : PatternOf(actual.Pattern),
            MinLength = actual.MinLength,
            MaxLength = actual.MaxLength,
            Formats = string.IsNullOrEmpty(actual.Format) ? [] : s_formatValidators.Where(f => f.Format == actual.Format).ToArray(),
            Minimum = actual.Minimum,
            Maximum = actual.Maximum,
            IsExclusiveMinimum = actual.IsExclusiveMinimum,
            IsExclusiveMaximum = actual.IsExclusiveMaximum,
            ExclusiveMinimum = actual.ExclusiveMinimum,
            ExclusiveMaximum = actual.ExclusiveMaximum,
            Enumeration = actual.Enumeration.Select(v => v?.ToString() ?? "").ToArray(),
            MinItems = actual.MinItems,
            MaxItems = actual.MaxItems,
            AllowAdditionalProperties = actual.AllowAdditionalProperties,
        };
        _compiled[actual] = node;

        if (actual.Item is not null)
            node.Items = Compile(actual.Item);
        node.Properties = actual.Properties.Select(p => new PropertyNode(
            p.Key, Encoding.UTF8.GetBytes(p.Key), CompileProperty(p.Value), p.Value.IsRequired, p.Value.IsNullable(SchemaType.JsonSchema))).ToArray();
        node.HasRequiredProperties = node.Properties.Any(p => p.Required);
        return node;
    }

    // A property written as oneOf [null, {$ref}] is how the generator spells a nullable object:
    // its null is accepted at the property, and any other value is judged by the object branch alone.
    private SchemaNode CompileProperty(JsonSchemaProperty property)
    {
        var actual = property.ActualSchema;
        if (actual.OneOf.Count == 0)
            return Compile(actual);
        var branches = actual.OneOf.ToList();
        var nullBranch = branches.Where(b => b.ActualSchema.Type == JsonObjectType.Null && IsBare(b.ActualSchema)).ToList();
        if (branches.Count != 2 || nullBranch.Count != 1 || actual.Type != JsonObjectType.None || HasOwnChecks(actual))
            throw Unsupported(actual, "a oneOf other than [null, a schema]");
        return Compile(branches.Single(b => !ReferenceEquals(b, nullBranch[0])));
    }

    private Regex PatternOf(string pattern)
    {
        // The options NJsonSchema matches with, so both validators read a pattern alike; compiled once per pattern.
        if (!_patterns.TryGetValue(pattern, out var regex))
            _patterns[pattern] = regex = new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant, patternTimeout);
        return regex;
    }

    private static void Refuse(JsonSchema schema)
    {
        if (schema.AnyOf.Count > 0 || schema.AllOf.Count > 0 || schema.Not is not null)
            throw Unsupported(schema, "anyOf, allOf or not");
        if (schema.OneOf.Count > 0)
            throw Unsupported(schema, "oneOf anywhere but on a property");
        if (schema.PatternProperties.Count > 0 || schema.AdditionalPropertiesSchema is not null || schema.MaxProperties > 0 || schema.MinProperties > 0)
            throw Unsupported(schema, "patternProperties, an additionalProperties schema or a property count");
        if (schema.Items.Count > 0 || schema.UniqueItems || schema.MultipleOf is not null)
            throw Unsupported(schema, "tuple items, uniqueItems or multipleOf");
        if (schema.RequiredProperties.Any(r => !schema.Properties.ContainsKey(r)))
            throw Unsupported(schema, "a required property that is not declared");
    }

    private static bool IsBare(JsonSchema schema) =>
        schema.Properties.Count == 0 && schema.Enumeration.Count == 0 && !HasOwnChecks(schema);

    private static bool HasOwnChecks(JsonSchema schema) =>
        !string.IsNullOrEmpty(schema.Pattern) || schema.MinLength is not null || schema.MaxLength is not null
        || schema.Minimum is not null || schema.Maximum is not null || schema.Item is not null || schema.Properties.Count > 0
        || schema.MinItems > 0 || schema.MaxItems > 0 || !string.IsNullOrEmpty(schema.Format) || schema.Enumeration.Count > 0;

    private static ExpectedType ToExpected(JsonObjectType type) => type switch
    {
        JsonObjectType.String => ExpectedType.String,
        JsonObjectType.Number => ExpectedType.Number,
        JsonObjectType.Integer => ExpectedType.Integer,
        JsonObjectType.Boolean => ExpectedType.Boolean,
        JsonObjectType.Object => ExpectedType.Object,
        JsonObjectType.Array => ExpectedType.Array,
        _ => throw new NotSupportedException(type.ToString()),
    };

    private static NotSupportedException Unsupported(JsonSchema schema, string what) => new(string.Format(CultureInfo.InvariantCulture,
        "The schema {0} uses {1}, which the compiled validator does not implement; extend it and its conformance test first.",
        schema.Title ?? schema.Id ?? schema.Description ?? "(untitled)", what));
}
