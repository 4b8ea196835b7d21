using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Exchange.Core.Model;

namespace Exchange.Core.Json;

/// <summary>Serialises and deserialises canonical records as the published JSON.</summary>
public static class RecordJson
{
    /// <summary>Deepest nesting accepted in a record; the deepest published shape needs 4.</summary>
    public const int MaxDepth = 16;

    /// <summary>The largest record accepted, in UTF-8 bytes.</summary>
    public const int MaxRecordBytes = 256 * 1024;

    /// <summary>The options behind the canonical form.</summary>
    public static JsonSerializerOptions Options => CoreJsonContext.Default.Options;

    /// <summary>Type information for a kind's record type.</summary>
    public static JsonTypeInfo TypeInfo(RecordKind kind) => kind switch
    {
        RecordKind.Graduate => CoreJsonContext.Default.GraduateRecord,
        RecordKind.Vacancy => CoreJsonContext.Default.VacancyRecord,
        RecordKind.Certification => CoreJsonContext.Default.CertificationRecord,
        RecordKind.Policy => CoreJsonContext.Default.PolicyRecord,
        RecordKind.Service => CoreJsonContext.Default.ServiceRecord,
        RecordKind.Placement => CoreJsonContext.Default.PlacementRecord,
        RecordKind.Consent => CoreJsonContext.Default.ConsentRecord,
        RecordKind.Feedback => CoreJsonContext.Default.FeedbackRecord,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Reads a record of the given kind from UTF-8 JSON already known to be structurally valid.</summary>
    public static ICanonicalRecord Deserialize(RecordKind kind, ReadOnlySpan<byte> utf8Json) =>
        (ICanonicalRecord?)JsonSerializer.Deserialize(utf8Json, TypeInfo(kind))
        ?? throw new JsonException("A record cannot be the JSON literal null.");

    /// <summary>The canonical UTF-8 bytes of a record.</summary>
    public static byte[] SerializeToUtf8Bytes(ICanonicalRecord record, RecordKind kind) =>
        JsonSerializer.SerializeToUtf8Bytes(record, TypeInfo(kind));
}
