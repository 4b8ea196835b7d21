using System.Text.Json;

namespace Exchange.Cli.Link;

/// <summary>A machine-readable problem with the input or the settings: one JSON object per line on standard error.</summary>
internal sealed record LinkProblem(string Code, string Message, string? File = null, long? Line = null, string? Path = null)
{
    public const string FileMissing = "input.file-missing";
    public const string Encoding = "input.encoding";
    public const string TooLarge = "input.too-large";
    public const string MalformedRow = "input.malformed-row";
    public const string MissingId = "input.missing-id";
    public const string DuplicateId = "input.duplicate-id";
    public const string UnknownFormat = "input.unknown-format";
    public const string SettingsMissing = "settings.file-missing";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, s_json);
}
