using System.Globalization;
using Exchange.Access.Consent;
using Exchange.Core.Validation;
using Hl7.Fhir.Utility;

namespace Exchange.Hub.Ingest;

/// <summary>The problems of a FHIR consent body before any Consent in it is mapped, in English and Chinese.</summary>
internal static class FhirConsentProblems
{
    private const int MaxDetail = 200;

    public static Problem NotJson(string detail) => new("", ConsentProblemCodes.FhirInvalid,
        $"The body is not JSON: {Shorten(detail)}", $"请求体不是 JSON：{Shorten(detail)}");

    public static Problem NotConsentOrBundle() => new("", "fhir.unmapped-resource",
        "Send a Consent or a Bundle of Consent resources.", "请提交 Consent 资源或其 Bundle。");

    /// <summary>An R4 error outside every entry: the body as a whole is not a FHIR R4 resource.</summary>
    public static Problem NotR4(CodedException error, string root)
    {
        var (path, detail, at, atZh) = Describe(error, root);
        return new(path, ConsentProblemCodes.FhirInvalid,
            $"The body is not a FHIR R4 resource: {path}: {detail}{at}", $"请求体不是有效的 FHIR R4 资源：{path}：{detail}{atZh}");
    }

    /// <summary>An R4 error inside one entry: that entry is rejected, naming the element.</summary>
    public static Problem InvalidElement(CodedException error, string root)
    {
        var (path, detail, at, atZh) = Describe(error, root);
        return new(path, ConsentProblemCodes.FhirInvalid, $"{path} is not valid FHIR R4: {detail}{at}", $"{path} 不符合 FHIR R4：{detail}{atZh}");
    }

    public static Problem EntryWithoutResource(string entryPath) => new(entryPath, ConsentProblemCodes.FhirMissing,
        "The entry has no resource.", "条目缺少 resource。");

    public static Problem NotAConsent(string origin, string resourceType) => new(origin, "fhir.unmapped-resource",
        $"This entry is a {resourceType}, not a Consent.", $"该条目是 {resourceType}，不是 Consent 资源。");

    // The SDK's own words (English, technical) in both languages, where in the body it stands, and no resident id:
    // the door scrubs problems before they leave.
    private static (string Path, string Detail, string At, string AtZh) Describe(CodedException error, string root)
    {
        var extended = error as ExtendedCodedException;
        var detail = Shorten((extended?.BaseErrorMessage ?? error.Message).Replace("$this", root, StringComparison.Ordinal));
        if (extended is { LineNumber: { } line, Position: { } position })
        {
            return (FhirEntry.PathOf(error, root), detail,
                string.Create(CultureInfo.InvariantCulture, $" (line {line}, position {position})."),
                string.Create(CultureInfo.InvariantCulture, $"（第 {line} 行第 {position} 列）。"));
        }
        return (FhirEntry.PathOf(error, root), detail, ".", "。");
    }

    private static string Shorten(string message) => message.Length <= MaxDetail ? message : message[..MaxDetail] + "…";
}
