using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace Exchange.Hub.Ingest;

/// <summary>
/// One resource of a FHIR body as the SDK read it, with the R4 errors found inside it: the
/// resource itself (origin <c>Consent</c>) or one <c>Bundle.entry[i]</c>.
/// </summary>
internal sealed record FhirEntry(string Origin, Resource? Resource, IReadOnlyList<CodedException> Errors)
{
    /// <summary>The entry element itself (<c>Bundle.entry[i]</c>), or the resource for a lone one.</summary>
    public string EntryPath => Origin.EndsWith(".resource", StringComparison.Ordinal) ? Origin[..^".resource".Length] : Origin;

    /// <summary>Every entry of a Bundle, each with the errors whose element lies inside it.</summary>
    public static List<FhirEntry> Of(Bundle bundle, IReadOnlyList<CodedException> errors) =>
        [.. bundle.Entry.Select((entry, i) =>
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"Bundle.entry[{i}]");
            return new FhirEntry(path + ".resource", entry.Resource, [.. errors.Where(e => IsWithin(PathOf(e, "Bundle"), path))]);
        })];

    /// <summary>A pointer into a lone Consent (<c>Consent.status</c>) as a pointer into this entry.</summary>
    public string Rebase(string pointer) => pointer.StartsWith("Consent", StringComparison.Ordinal) && IsWithin(pointer, "Consent")
        ? Origin + pointer["Consent".Length..]
        : pointer;

    /// <summary>
    /// The element an SDK error is about, in FHIRPath (<c>Bundle.entry[1].resource.status</c>). The SDK
    /// names a missing element of the resource it reads as <c>$this.scope</c>: <paramref name="root"/> is that resource's type.
    /// </summary>
    public static string PathOf(CodedException error, string root) => (error as ExtendedCodedException)?.InstancePath switch
    {
        null => root,
        ['$', 't', 'h', 'i', 's', .. var rest] => root + rest,
        var path => path,
    };

    private static bool IsWithin(string path, string element) =>
        path.StartsWith(element, StringComparison.Ordinal) && (path.Length == element.Length || path[element.Length] is '.' or '[');
}
