using Exchange.Access.Enforcement;

namespace Exchange.Hub.Export;

/// <summary>The record kinds bulk export writes, one NDJSON file each: those the read side releases.</summary>
internal static class ExportKinds
{
    public const string Vacancy = "vacancy";

    /// <summary>The name of the file of withdrawal and erasure notices.</summary>
    public const string Deleted = "deleted";

    /// <summary>Every kind, in the order files are written: personal kinds through the release service subject by subject, then vacancies.</summary>
    public static IReadOnlyList<string> All { get; } = [.. ReleaseService.ReleasedKinds, Vacancy];

    public static bool IsPersonal(string kind) => ReleaseService.ReleasedKinds.Contains(kind, StringComparer.Ordinal);
}
