using Exchange.Adapters.Formats.Csv;
using Exchange.Adapters.Formats.Fhir;
using Exchange.Adapters.Ingest;
using Exchange.Core.Batches;
using Exchange.Core.Model;
using Exchange.Core.Validation;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace Exchange.Hub.Ingest;

/// <summary>What a push body turned into: the records to ingest, or why the body as a whole cannot be read; <see cref="Csv"/> for a CSV body.</summary>
public sealed record PushBody(IReadOnlyList<IngestRecord> Records, Problem? BodyProblem, bool UnsupportedMediaType = false)
{
    public CsvReadResult? Csv { get; init; }

    /// <summary>What the answer reports about the body as a whole beside the records' outcomes.</summary>
    public IReadOnlyList<PushWarning> Warnings { get; init; } = [];
}

/// <summary>
/// Cuts a push body into records by its media type: a JSON array, NDJSON, CSV (UTF-8, GBK or
/// GB18030, mapped through a per-source profile) or, for certifications and consents, FHIR R4.
/// </summary>
public sealed class PushRequestReader(CsvRecordReader csv)
{
    public const string Json = "application/json";
    public const string NdJson = "application/x-ndjson";
    public const string Csv = "text/csv";
    public const string FhirJson = "application/fhir+json";

    public PushBody Read(RecordKind kind, string sourceOrganisation, string? contentType, string? profile, ReadOnlyMemory<byte> body)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
            return new PushBody([], null, UnsupportedMediaType: true);

        switch (mediaType.MediaType.Value?.ToLowerInvariant())
        {
            case Json or NdJson:
                var split = BatchCharset.Cut(body, mediaType.Charset.Value);
                return new PushBody(
                    split.Records.Select(ToIngestRecord).ToList(),
                    split.BatchProblem) { Warnings = PushWarning.From(split) };
            case Csv:
                var read = csv.Read(body.Span, new CsvReadOptions { Kind = kind, Profile = profile, Charset = mediaType.Charset.Value });
                return new PushBody(read.ToIngestRecords(), read.FileProblem ?? read.HeaderProblems.FirstOrDefault()?.Problem)
                {
                    Csv = read,
                    Warnings = PushWarning.From(read),
                };
            case FhirJson when kind == RecordKind.Consent:
                var consents = ConsentIntake.FromFhir(body, sourceOrganisation);
                return new PushBody(consents.Records, consents.BodyProblem);
            case FhirJson when kind == RecordKind.Certification:
                var bundle = FhirCertificationMapper.MapBundle(body.Span);
                return new PushBody(bundle.Entries.Where(e => e.IsCertification).Select(e => e.ToIngestRecord()).ToList(), bundle.BundleProblem);
            default:
                return new PushBody([], null, UnsupportedMediaType: true);
        }
    }

    /// <summary>A record cut from a JSON or NDJSON body, named by where it stood in it.</summary>
    public static IngestRecord ToIngestRecord(RawRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var origin = $"record {record.Index} (line {record.Line})";
        return record.OversizeProblem is { } tooLarge ? IngestRecord.Unmapped(origin, tooLarge) : new IngestRecord(origin, record.Utf8);
    }

    /// <summary>Describes the push body in the OpenAPI document: the media types above, by kind.</summary>
    public static Task DescribeRequestBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The records of one kind. JSON and NDJSON are UTF-8 unless the charset parameter says otherwise (GBK, GB18030); "
                + "CSV may be UTF-8, GBK or GB18030 and is mapped through a profile (?profile=); FHIR R4 Bundles are taken for certifications and consents.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [Json] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Object } } },
                [NdJson] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                [Csv] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                [FhirJson] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } },
            },
        };
        return Task.CompletedTask;
    }
}
