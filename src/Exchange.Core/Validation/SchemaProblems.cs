using System.Globalization;

namespace Exchange.Core.Validation;

/// <summary>
/// The problems of the structural layer with their bilingual messages, shared by the compiled
/// validator and the NJsonSchema reference so that both word every finding the same way.
/// </summary>
internal static class SchemaProblems
{
    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    public static Problem Required(string pointer, string? property) => new(pointer, ProblemCodes.SchemaRequired,
        F($"'{property}' is required."), F($"缺少必填字段“{property}”。"));

    public static Problem AdditionalProperty(string pointer, string? property) => new(pointer, ProblemCodes.SchemaAdditionalProperty,
        F($"'{property}' is not a property of this record kind."), F($"字段“{property}”不属于该记录类型。"));

    public static Problem TypeExpected(string pointer, ExpectedType expected) => new(pointer, ProblemCodes.SchemaType,
        F($"Expected {Describe(expected)}."), F($"类型错误，应为{DescribeZh(expected)}。"));

    public static Problem PatternMismatch(string pointer, string? pattern) => new(pointer, ProblemCodes.SchemaPattern,
        F($"The value does not match the pattern {pattern}."), F($"取值不符合格式 {pattern}。"));

    // A pattern that runs out of time says nothing about the value: the record is refused with a
    // problem of its own rather than passed unchecked or failed with an exception.
    public static Problem PatternTimedOut(string pointer, string pattern) => new(pointer, ProblemCodes.SchemaPattern,
        F($"The value could not be checked against the pattern {pattern} in time; send a shorter or simpler value."),
        F($"取值未能在时限内完成格式 {pattern} 的校验，请提交更短或更简单的取值。"));

    public static Problem TooShort(string pointer, int? minLength) => new(pointer, ProblemCodes.SchemaLength,
        F($"The text is shorter than {minLength} characters."), F($"文本少于 {minLength} 个字符。"));

    public static Problem TooLong(string pointer, int? maxLength) => new(pointer, ProblemCodes.SchemaLength,
        F($"The text is longer than {maxLength} characters."), F($"文本超过 {maxLength} 个字符。"));

    public static Problem TooSmall(string pointer, decimal? minimum) => new(pointer, ProblemCodes.SchemaRange,
        F($"The number is below the minimum {minimum}."), F($"数值小于最小值 {minimum}。"));

    public static Problem TooBig(string pointer, decimal? maximum) => new(pointer, ProblemCodes.SchemaRange,
        F($"The number is above the maximum {maximum}."), F($"数值大于最大值 {maximum}。"));

    public static Problem TooManyItems(string pointer, int? maxItems) => new(pointer, ProblemCodes.SchemaItems,
        F($"The list has more than {maxItems} items."), F($"列表超过 {maxItems} 项。"));

    public static Problem TooFewItems(string pointer, int? minItems) => new(pointer, ProblemCodes.SchemaItems,
        F($"The list has fewer than {minItems} items."), F($"列表少于 {minItems} 项。"));

    public static Problem DateExpected(string pointer) => new(pointer, ProblemCodes.SchemaFormat,
        "Expected a calendar date as YYYY-MM-DD.", "应为 YYYY-MM-DD 格式的有效日期。");

    public static Problem DateTimeExpected(string pointer) => new(pointer, ProblemCodes.SchemaFormat,
        "Expected a date and time as RFC 3339, e.g. 2026-06-30T09:00:00+08:00.", "应为 RFC 3339 格式的日期时间，例如 2026-06-30T09:00:00+08:00。");

    /// <summary>Any other failure, named by the NJsonSchema error kind it corresponds to.</summary>
    public static Problem Other(string pointer, string kind) => new(pointer, ProblemCodes.SchemaInvalid,
        F($"The value breaks the schema ({kind})."), F($"取值不符合数据结构要求（{kind}）。"));

    private static string Describe(ExpectedType expected) => expected switch
    {
        ExpectedType.String => "a string",
        ExpectedType.Number => "a number",
        ExpectedType.Integer => "an integer",
        ExpectedType.Boolean => "true or false",
        ExpectedType.Object => "an object",
        ExpectedType.Array => "an array",
        _ => "null",
    };

    private static string DescribeZh(ExpectedType expected) => expected switch
    {
        ExpectedType.String => "字符串",
        ExpectedType.Number => "数字",
        ExpectedType.Integer => "整数",
        ExpectedType.Boolean => "布尔值",
        ExpectedType.Object => "对象",
        ExpectedType.Array => "数组",
        _ => "空值",
    };
}

/// <summary>The JSON type a schema expected where the record had another.</summary>
internal enum ExpectedType
{
    String,
    Number,
    Integer,
    Boolean,
    Object,
    Array,
    Null,
}
