using System.Text.Json;
using System.Text.Json.Serialization;
using Exchange.Core.Codes;
using Exchange.Core.Envelope;
using Exchange.Core.Model;

namespace Exchange.Core.Json;

/// <summary>
/// Source-generated serialisation for the canonical records. camelCase names, nulls and
/// defaults left out, declaration order kept, so that one record always serialises to the
/// same bytes — the content hash depends on it.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    MaxDepth = RecordJson.MaxDepth)]
[JsonSerializable(typeof(GraduateRecord))]
[JsonSerializable(typeof(VacancyRecord))]
[JsonSerializable(typeof(CertificationRecord))]
[JsonSerializable(typeof(PolicyRecord))]
[JsonSerializable(typeof(ServiceRecord))]
[JsonSerializable(typeof(PlacementRecord))]
[JsonSerializable(typeof(ConsentRecord))]
[JsonSerializable(typeof(FeedbackRecord))]
[JsonSerializable(typeof(RecordEnvelope))]
[JsonSerializable(typeof(CodeListFile))]
internal sealed partial class CoreJsonContext : JsonSerializerContext;
