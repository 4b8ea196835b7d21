using System.Globalization;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Schemas;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema.Validation;

namespace Exchange.Core.Validation;

/// <summary>The structural layer: the record against its kind's published JSON Schema (NJsonSchema).</summary>
public sealed class StructuralValidator(SchemaCatalog schemas)
{
    private static readonly JsonSchemaValidatorSettings s_settings = new() { PropertyStringComparer = StringComparer.Ordinal };

    /// <summary>Validates UTF-8 JSON that has passed the input checks; returns the problems found.</summary>
    public IReadOnlyList<Problem> Validate(RecordKind kind, ReadOnlySpan<byte> utf8)
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

        var errors = schemas[kind].Validate(token, s_settings);
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
        string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        return error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => new(pointer, ProblemCodes.SchemaRequired,
                F($"'{error.Property}' is required."), F($"缺少必填字段“{error.Property}”。")),
            ValidationErrorKind.NoAdditionalPropertiesAllowed => new(pointer, ProblemCodes.SchemaAdditionalProperty,
                F($"'{error.Property}' is not a property of this record kind."), F($"字段“{error.Property}”不属于该记录类型。")),
            ValidationErrorKind.StringExpected or ValidationErrorKind.NumberExpected or ValidationErrorKind.IntegerExpected
                or ValidationErrorKind.BooleanExpected or ValidationErrorKind.ObjectExpected or ValidationErrorKind.ArrayExpected
                or ValidationErrorKind.NullExpected => new(pointer, ProblemCodes.SchemaType,
                F($"Expected {Describe(error.Kind)}."), F($"类型错误，应为{DescribeZh(error.Kind)}。")),
            ValidationErrorKind.PatternMismatch => new(pointer, ProblemCodes.SchemaPattern,
                F($"The value does not match the pattern {schema?.Pattern}."), F($"取值不符合格式 {schema?.Pattern}。")),
            ValidationErrorKind.StringTooShort => new(pointer, ProblemCodes.SchemaLength,
                F($"The text is shorter than {schema?.MinLength} characters."), F($"文本少于 {schema?.MinLength} 个字符。")),
            ValidationErrorKind.StringTooLong => new(pointer, ProblemCodes.SchemaLength,
                F($"The text is longer than {schema?.MaxLength} characters."), F($"文本超过 {schema?.MaxLength} 个字符。")),
            ValidationErrorKind.NumberTooSmall => new(pointer, ProblemCodes.SchemaRange,
                F($"The number is below the minimum {schema?.Minimum}."), F($"数值小于最小值 {schema?.Minimum}。")),
            ValidationErrorKind.NumberTooBig or ValidationErrorKind.IntegerTooBig => new(pointer, ProblemCodes.SchemaRange,
                F($"The number is above the maximum {schema?.Maximum}."), F($"数值大于最大值 {schema?.Maximum}。")),
            ValidationErrorKind.TooManyItems => new(pointer, ProblemCodes.SchemaItems,
                F($"The list has more than {schema?.MaxItems} items."), F($"列表超过 {schema?.MaxItems} 项。")),
            ValidationErrorKind.TooFewItems => new(pointer, ProblemCodes.SchemaItems,
                F($"The list has fewer than {schema?.MinItems} items."), F($"列表少于 {schema?.MinItems} 项。")),
            ValidationErrorKind.DateExpected => new(pointer, ProblemCodes.SchemaFormat,
                "Expected a calendar date as YYYY-MM-DD.", "应为 YYYY-MM-DD 格式的有效日期。"),
            ValidationErrorKind.DateTimeExpected => new(pointer, ProblemCodes.SchemaFormat,
                "Expected a date and time as RFC 3339, e.g. 2026-06-30T09:00:00+08:00.", "应为 RFC 3339 格式的日期时间，例如 2026-06-30T09:00:00+08:00。"),
            _ => new(pointer, ProblemCodes.SchemaInvalid,
                F($"The value breaks the schema ({error.Kind})."), F($"取值不符合数据结构要求（{error.Kind}）。")),
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

    private static string Describe(ValidationErrorKind kind) => kind switch
    {
        ValidationErrorKind.StringExpected => "a string",
        ValidationErrorKind.NumberExpected => "a number",
        ValidationErrorKind.IntegerExpected => "an integer",
        ValidationErrorKind.BooleanExpected => "true or false",
        ValidationErrorKind.ObjectExpected => "an object",
        ValidationErrorKind.ArrayExpected => "an array",
        _ => "null",
    };

    private static string DescribeZh(ValidationErrorKind kind) => kind switch
    {
        ValidationErrorKind.StringExpected => "字符串",
        ValidationErrorKind.NumberExpected => "数字",
        ValidationErrorKind.IntegerExpected => "整数",
        ValidationErrorKind.BooleanExpected => "布尔值",
        ValidationErrorKind.ObjectExpected => "对象",
        ValidationErrorKind.ArrayExpected => "数组",
        _ => "空值",
    };
}
