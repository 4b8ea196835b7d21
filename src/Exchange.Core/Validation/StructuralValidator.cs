using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Schemas;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema.Validation;

namespace Exchange.Core.Validation;

/// <summary>
/// The structural layer as NJsonSchema judges it: the record read into a JToken and checked
/// against its kind's published JSON Schema. It is the reference that
/// <see cref="Compiled.CompiledStructuralValidator"/>, which the hub runs, is tested against.
/// </summary>
public sealed class StructuralValidator(SchemaCatalog schemas)
{
    private static readonly JsonSchemaValidatorSettings s_settings = new() { PropertyStringComparer = StringComparer.Ordinal };

    /// <summary>Validates UTF-8 JSON that has passed the input checks; returns the problems found.</summary>
    public IReadOnlyList<Problem> Validate(RecordKind kind, ReadOnlySpan<byte> utf8) => Validate(schemas[kind], utf8);

    /// <summary>Validates UTF-8 JSON that has passed the input checks against any schema.</summary>
    public static IReadOnlyList<Problem> Validate(NJsonSchema.JsonSchema schema, ReadOnlySpan<byte> utf8)
    {
        JToken token;
        var text = System.Text.Encoding.UTF8.GetString(utf8);
        using (var reader = new JsonTextReader(new StringReader(text))
        {
            // Dates stay strings so that the schema's format check sees what was sent.
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Decimal,
            MaxDepth = RecordJson.MaxDepth + 1,
        })
        {
            token = JToken.ReadFrom(reader);
        }

        var errors = schema.Validate(token, s_settings);
        if (errors.Count == 0)
            return [];
        var problems = new List<Problem>(errors.Count);
        foreach (var error in errors)
            Flatten(error, problems);
        return problems;
    }

    private static void Flatten(ValidationError error, List<Problem> problems)
    {
        // A nullable property is a two-type schema: report the non-null type's complaint only.
        if (error is MultiTypeValidationError multi)
        {
            foreach (var (type, nested) in multi.Errors)
            {
                if (type == NJsonSchema.JsonObjectType.Null)
                    continue;
                foreach (var inner in nested)
                    Flatten(inner, problems);
            }
            return;
        }
        // A nullable object is oneOf [null, object]: the null branch's complaint says nothing useful.
        if (error is ChildSchemaValidationError child && child.Errors.Count > 0)
        {
            foreach (var inner in child.Errors.Values.SelectMany(e => e).Where(e => e.Kind != ValidationErrorKind.NullExpected))
                Flatten(inner, problems);
            return;
        }
        problems.Add(ToProblem(error));
    }

    private static Problem ToProblem(ValidationError error)
    {
        var pointer = PointerOf(error);
        var schema = error.Schema;
        return error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => SchemaProblems.Required(pointer, error.Property),
            ValidationErrorKind.NoAdditionalPropertiesAllowed => SchemaProblems.AdditionalProperty(pointer, error.Property),
            ValidationErrorKind.StringExpected => SchemaProblems.TypeExpected(pointer, ExpectedType.String),
            ValidationErrorKind.NumberExpected => SchemaProblems.TypeExpected(pointer, ExpectedType.Number),
            ValidationErrorKind.IntegerExpected => SchemaProblems.TypeExpected(pointer, ExpectedType.Integer),
            ValidationErrorKind.BooleanExpected => SchemaProblems.TypeExpected(pointer, ExpectedType.Boolean),
            ValidationErrorKind.ObjectExpected => SchemaProblems.TypeExpected(pointer, ExpectedType.Object),
            ValidationErrorKind.ArrayExpected => SchemaProblems.TypeExpected(pointer, ExpectedType.Array),
            ValidationErrorKind.NullExpected => SchemaProblems.TypeExpected(pointer, ExpectedType.Null),
            ValidationErrorKind.PatternMismatch => SchemaProblems.PatternMismatch(pointer, schema?.Pattern),
            ValidationErrorKind.StringTooShort => SchemaProblems.TooShort(pointer, schema?.MinLength),
            ValidationErrorKind.StringTooLong => SchemaProblems.TooLong(pointer, schema?.MaxLength),
            ValidationErrorKind.NumberTooSmall => SchemaProblems.TooSmall(pointer, schema?.Minimum),
            ValidationErrorKind.NumberTooBig or ValidationErrorKind.IntegerTooBig => SchemaProblems.TooBig(pointer, schema?.Maximum),
            ValidationErrorKind.TooManyItems => SchemaProblems.TooManyItems(pointer, schema?.MaxItems),
            ValidationErrorKind.TooFewItems => SchemaProblems.TooFewItems(pointer, schema?.MinItems),
            ValidationErrorKind.DateExpected => SchemaProblems.DateExpected(pointer),
            ValidationErrorKind.DateTimeExpected => SchemaProblems.DateTimeExpected(pointer),
            _ => SchemaProblems.Other(pointer, error.Kind.ToString()),
        };
    }

    private static string PointerOf(ValidationError error)
    {
        // NJsonSchema paths read "#/contact.email" or "#/skills[0]"; a missing property's path already names it.
        var path = error.Path ?? "";
        if (path.StartsWith("#/", StringComparison.Ordinal))
            path = path[2..];
        else if (path == "#")
            path = "";
        return JsonPointer.FromPath(path);
    }
}
