using Exchange.Adapters.Ingest;
using Exchange.Core.Validation;

namespace Exchange.Adapters.Formats.JobPosting;

/// <summary>One JobPosting mapped to a vacancy record.</summary>
/// <param name="Key">What identifies the posting at its source: <c>identifier</c>, else <c>url</c>, else <c>@id</c>, else the record id.</param>
/// <param name="Version"><c>dateModified</c>, else a hash of the posting's JSON: changes when the posting does.</param>
/// <param name="Utf8Json">The vacancy record as UTF-8 JSON; fields that could not be mapped are left out.</param>
/// <param name="Problems">What could not be mapped; the pointers name JSON-LD properties.</param>
public sealed record JobPostingMapping(string Key, string Version, byte[] Utf8Json, IReadOnlyList<Problem> Problems)
{
    /// <summary>The mapping as an ingest record.</summary>
    public IngestRecord ToIngestRecord(string origin) => new(origin, Utf8Json) { MappingProblems = Problems };
}
