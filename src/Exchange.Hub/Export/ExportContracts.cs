using System.Text.Json.Serialization;

namespace Exchange.Hub.Export;

/// <summary>The answer to a kick-off: where to poll (also in <c>Content-Location</c>).</summary>
public sealed record ExportKickOffResponse(string JobId, string Status);

/// <summary>The answer to a cancellation.</summary>
public sealed record ExportCancelResponse(string JobId, string State);

/// <summary>One file of the manifest.</summary>
/// <param name="Type">The record kind it holds, or <c>deleted</c> for the withdrawal and erasure notices.</param>
/// <param name="Url">Where to download it, with the same bearer token.</param>
/// <param name="Count">Its number of lines.</param>
public sealed record ExportManifestFile(string Type, string Url, long Count);

/// <summary>The completed job's manifest, as FHIR Bulk Data describes it.</summary>
/// <param name="TransactionTime">The instant the export read the index at: nothing received later is in it, and releases were judged at it.</param>
/// <param name="Request">The kick-off request.</param>
/// <param name="RequiresAccessToken">Always true: files are downloaded with the bearer token of the client that started the job.</param>
/// <param name="Output">One file per kind that has lines.</param>
/// <param name="Error">Files of per-record errors; always empty, since a record the caller may not see is left out, not reported.</param>
/// <param name="Deleted">With <c>_since</c> only: the notices of subjects the caller was given data about that withdrew consent to it or were erased since.</param>
public sealed record ExportManifest(
    DateTimeOffset TransactionTime,
    string Request,
    bool RequiresAccessToken,
    IReadOnlyList<ExportManifestFile> Output,
    IReadOnlyList<ExportManifestFile> Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ExportManifestFile>? Deleted);
