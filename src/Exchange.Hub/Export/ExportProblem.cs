namespace Exchange.Hub.Export;

/// <summary>One thing wrong with a kick-off request: a stable code, the parameter or header it concerns, and what to do, in English and Chinese.</summary>
public sealed record ExportProblem(string Code, string Parameter, string Message, string MessageZh)
{
    public const string InvalidParameter = "export.invalid-parameter";
    public const string UnknownType = "export.unknown-type";
    public const string InvalidSince = "export.invalid-since";
    public const string RespondAsyncRequired = "export.respond-async-required";
    public const string UnsupportedParameter = "export.unsupported-parameter";
    public const string UnsupportedFormat = "export.unsupported-format";
}
