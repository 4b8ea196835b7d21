using Exchange.Core.Model;
using Exchange.Hub.Ingest;
using Microsoft.Net.Http.Headers;

namespace Exchange.Cli.Hub;

/// <summary>The formats <c>exchange import</c> reads: those the push API takes, named by file extension or <c>--format</c>.</summary>
internal enum ImportFormat
{
    Json,
    NdJson,
    Csv,
    Fhir,
}

/// <summary>How to read one file: its format, its charset (CSV, JSON, NDJSON) and, for CSV, the mapping profile.</summary>
internal sealed record ImportFileOptions(ImportFormat Format, string? Profile = null, string? Charset = null)
{
    /// <summary>The names <c>--format</c> takes.</summary>
    public static IReadOnlyList<string> FormatNames { get; } = ["json", "ndjson", "csv", "fhir"];

    /// <summary>The format a file's name implies: .json, .ndjson or .jsonl, .csv, .fhir.json or .fhir; null for any other.</summary>
    public static ImportFormat? FromFileName(string fileName)
    {
        var name = fileName.ToLowerInvariant();
        if (name.EndsWith(".fhir.json", StringComparison.Ordinal) || name.EndsWith(".fhir", StringComparison.Ordinal))
            return ImportFormat.Fhir;
        return Path.GetExtension(name) switch
        {
            ".json" => ImportFormat.Json,
            ".ndjson" or ".jsonl" => ImportFormat.NdJson,
            ".csv" => ImportFormat.Csv,
            _ => null,
        };
    }

    public static ImportFormat? Parse(string? name) => name?.ToLowerInvariant() switch
    {
        "json" => ImportFormat.Json,
        "ndjson" => ImportFormat.NdJson,
        "csv" => ImportFormat.Csv,
        "fhir" => ImportFormat.Fhir,
        _ => null,
    };

    /// <summary>Why these options cannot read records of <paramref name="kind"/>, or null when they can.</summary>
    public string? Refusal(RecordKind kind)
    {
        if (Format == ImportFormat.Fhir && kind is not (RecordKind.Certification or RecordKind.Consent))
            return $"FHIR R4 is read for certification and consent records only, not {kind.Name()}.";
        if (Format != ImportFormat.Csv && Profile is not null)
            return "--profile applies to CSV files only.";
        if (Format == ImportFormat.Fhir && Charset is not null)
            return "--charset applies to CSV, JSON and NDJSON files only; FHIR JSON is UTF-8.";
        if (Charset is not null && !MediaTypeHeaderValue.TryParse($"text/csv; charset={Charset}", out _))
            return $"'{Charset}' is not a charset name.";
        return null;
    }

    /// <summary>The media type the push API takes for this format, so that a file is read exactly as a pushed body.</summary>
    public string ContentType
    {
        get
        {
            var mediaType = Format switch
            {
                ImportFormat.Json => PushRequestReader.Json,
                ImportFormat.NdJson => PushRequestReader.NdJson,
                ImportFormat.Fhir => PushRequestReader.FhirJson,
                _ => PushRequestReader.Csv,
            };
            return Charset is null ? mediaType : $"{mediaType}; charset={Charset}";
        }
    }
}
