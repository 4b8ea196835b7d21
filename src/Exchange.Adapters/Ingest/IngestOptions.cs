using System.ComponentModel.DataAnnotations;

namespace Exchange.Adapters.Ingest;

/// <summary>Limits and mappings of the ingest path: the push API's body limit, each university's institution, extra CSV profiles.</summary>
public sealed class IngestOptions
{
    public const string Section = "Exchange:Ingest";

    /// <summary>The largest request body accepted; larger ones are answered 413.</summary>
    [Range(1, long.MaxValue)]
    public long MaxBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Ministry of Education institution code of each university organisation (by credit code), for the own-institution rule.</summary>
    public Dictionary<string, string> Institutions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A folder of extra CSV mapping profiles, added to the shipped ones.</summary>
    public string? ProfilesDirectory { get; set; }
}
