using Exchange.Adapters.Ingest;
using Exchange.Core.Validation;

namespace Exchange.Adapters.Formats.Fhir;

/// <summary>What became of one bundle entry. Every entry is one of these: none is dropped unanswered.</summary>
public enum FhirEntryDisposition
{
    /// <summary>A certification Observation mapped to a record.</summary>
    Mapped,

    /// <summary>
    /// An entry that cannot be taken: an Observation that does not map, a resource that is not
    /// valid R4, an entry without a resource, or a resource type the hub does not take here (a
    /// Consent included). It is ingested to be rejected with its problems, and so answered.
    /// </summary>
    Rejected,

    /// <summary>A Patient or Organization that other entries refer to; not a record of its own.</summary>
    Supporting,

    /// <summary>An OperationOutcome with <c>search.mode</c> <c>outcome</c>: the server's remark on the search, not data.</summary>
    SearchOutcome,
}

/// <summary>One bundle entry's mapping.</summary>
/// <param name="Index">The entry's position in <c>Bundle.entry</c>.</param>
/// <param name="Origin">The entry's FHIRPath, e.g. <c>Bundle.entry[2].resource</c>.</param>
/// <param name="Disposition">What to do with it.</param>
/// <param name="ResourceType">The entry's resource type, when it has one.</param>
/// <param name="Utf8Json">The certification record of a <see cref="FhirEntryDisposition.Mapped"/> entry; null for a <see cref="FhirEntryDisposition.Rejected"/> one, which maps to no record.</param>
/// <param name="Problems">Problems naming FHIR elements.</param>
/// <param name="LastUpdated">The resource's <c>meta.lastUpdated</c>.</param>
public sealed record FhirEntryMapping(
    int Index,
    string Origin,
    FhirEntryDisposition Disposition,
    string? ResourceType,
    byte[]? Utf8Json,
    IReadOnlyList<Problem> Problems,
    DateTimeOffset? LastUpdated)
{
    /// <summary>True for entries that go to the ingest pipeline: mapped certifications, and rejected entries so that each is answered.</summary>
    public bool IsCertification => Disposition is FhirEntryDisposition.Mapped or FhirEntryDisposition.Rejected;

    /// <summary>The entry as an ingest record.</summary>
    public IngestRecord ToIngestRecord() => Utf8Json is null
        ? IngestRecord.Unmapped(Origin, Problems)
        : new IngestRecord(Origin, Utf8Json) { MappingProblems = Problems };
}

/// <summary>A bundle's mapping: every entry, the next page link, and a problem with the bundle itself.</summary>
/// <param name="Entries">Every entry, in order.</param>
/// <param name="Next">The <c>Bundle.link</c> with relation <c>next</c>, when there is one.</param>
/// <param name="BundleProblem">Why the document is not a usable Bundle; null when it is.</param>
public sealed record FhirBundleMapping(IReadOnlyList<FhirEntryMapping> Entries, Uri? Next, Problem? BundleProblem);
