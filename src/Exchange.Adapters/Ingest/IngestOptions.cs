using System.ComponentModel.DataAnnotations;

namespace Exchange.Adapters.Ingest;

/// <summary>Limits and mappings of the ingest path: the push API's body limit, each university's institution, extra CSV profiles.</summary>
public sealed class IngestOptions
{
    public const string Section = "Exchange:Ingest";

    /// <summary>The largest push body accepted, in bytes; a larger one is answered 413.</summary>
    [Range(1, long.MaxValue)]
    public long MaxBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// The 10-digit Ministry of Education institution code of each university, keyed by the university's
    /// unified social credit code (its client's <c>Organisation</c>). A university writes only its own
    /// institution's graduates: without its entry every graduate it pushes is rejected <c>access.not-own-record</c>.
    /// </summary>
    public Dictionary<string, string> Institutions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A folder of extra CSV mapping profiles (<c>*.json</c>), added to the shipped ones; one with a shipped
    /// profile's name replaces it. The push API's <c>?profile=</c> names a profile (docs/adapters.md).
    /// </summary>
    public string? ProfilesDirectory { get; set; }
}
