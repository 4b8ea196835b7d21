using System.Globalization;
using System.Text.Json;

namespace Exchange.Core.Validation;

/// <summary>Builds the problems of the input and structural layers, with their bilingual messages.</summary>
internal static class Problems
{
    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    public static Problem TooLarge(long bytes) => new("", ProblemCodes.InputTooLarge,
        F($"The record is {bytes} bytes; at most {Json.RecordJson.MaxRecordBytes} are accepted."),
        F($"记录大小为 {bytes} 字节，超过上限 {Json.RecordJson.MaxRecordBytes} 字节。"));

    public static Problem Empty() => new("", ProblemCodes.InputEmpty, "The record is empty.", "记录为空。");

    public static Problem Encoding(bool looksLikeGb18030) => looksLikeGb18030
        ? new("", ProblemCodes.InputEncoding,
            "The record is not valid UTF-8; it reads as GBK/GB18030. Convert it to UTF-8, or declare the charset where the channel allows it.",
            "记录不是有效的 UTF-8 编码，疑似 GBK/GB18030 编码。请转换为 UTF-8，或在支持的渠道中声明字符集。")
        : new("", ProblemCodes.InputEncoding, "The record is not valid UTF-8.", "记录不是有效的 UTF-8 编码。");

    public static Problem NotJson(long? line, long? position, string detail) => new("", ProblemCodes.InputNotJson,
        F($"The record is not well-formed JSON (line {(line ?? 0) + 1}, byte {(position ?? 0) + 1}): {detail}"),
        F($"记录不是格式正确的 JSON（第 {(line ?? 0) + 1} 行，第 {(position ?? 0) + 1} 字节）：{detail}"));

    public static Problem TooDeep() => new("", ProblemCodes.InputTooDeep,
        F($"The record nests deeper than {Json.RecordJson.MaxDepth} levels."),
        F($"记录嵌套层级超过 {Json.RecordJson.MaxDepth} 层。"));

    public static Problem NotObject(JsonTokenType found) => new("", ProblemCodes.InputNotObject,
        F($"A record must be a JSON object; found {Describe(found).En}."),
        F($"记录必须是 JSON 对象，实际为{Describe(found).Zh}。"));

    public static Problem UnknownKind(string kind) => new("", ProblemCodes.InputUnknownKind,
        F($"'{kind}' is not a record kind; use one of graduate, vacancy, certification, policy, service, placement, consent, feedback."),
        F($"“{kind}”不是有效的记录类型，应为 graduate、vacancy、certification、policy、service、placement、consent、feedback 之一。"));

    // In the words of each language; the schema's own words for a type (SchemaProblems) say what
    // was expected, these say what was found instead of an object.
    private static (string En, string Zh) Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => ("an array", "数组"),
        JsonTokenType.String => ("a string", "字符串"),
        JsonTokenType.Number => ("a number", "数字"),
        JsonTokenType.True or JsonTokenType.False => ("a boolean", "布尔值"),
        JsonTokenType.Null => ("null", "空值（null）"),
        _ => (token.ToString(), token.ToString()),
    };

    /// <summary>An identifier field holds a resident id; the value is never repeated.</summary>
    public static Problem MisplacedResidentId(string pointer, string field) => new(pointer, ProblemCodes.ResidentIdMisplaced,
        $"{field} holds a resident id. Send the resident id only in residentId; use the source system's own key here.",
        $"{field} 中含有公民身份号码。身份号码只能填写在 residentId 中，此处请使用源系统自身的编号。");

    /// <summary>A string or name holds U+0000, which PostgreSQL's text and jsonb cannot store.</summary>
    public static Problem NulCharacter(string pointer) => new(pointer, ProblemCodes.TextNulCharacter,
        "The text holds a NUL character (\\u0000), which the exchange cannot store. Remove it.",
        "文本中含有空字符（\\u0000），交换平台无法存储，请删除。");
}
