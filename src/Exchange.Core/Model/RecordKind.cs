using System.Text.Json.Serialization;

namespace Exchange.Core.Model;

/// <summary>The eight kinds of record the hub exchanges (canonical model v1).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RecordKind>))]
public enum RecordKind
{
    /// <summary>A student record pushed by a university.</summary>
    [JsonStringEnumMemberName("graduate")]
    Graduate,
    /// <summary>A job pushed by an employer.</summary>
    [JsonStringEnumMemberName("vacancy")]
    Vacancy,
    /// <summary>A hardship or disability status certified by a bureau.</summary>
    [JsonStringEnumMemberName("certification")]
    Certification,
    /// <summary>A programme such as a job-seeking subsidy, pushed by a bureau.</summary>
    [JsonStringEnumMemberName("policy")]
    Policy,
    /// <summary>A service delivered to a graduate.</summary>
    [JsonStringEnumMemberName("service")]
    Service,
    /// <summary>An employment outcome.</summary>
    [JsonStringEnumMemberName("placement")]
    Placement,
    /// <summary>A subject's consent to share data with a grantee.</summary>
    [JsonStringEnumMemberName("consent")]
    Consent,
    /// <summary>A graduate's satisfaction with a service.</summary>
    [JsonStringEnumMemberName("feedback")]
    Feedback,
}

/// <summary>Names and types of the record kinds.</summary>
public static class RecordKinds
{
    /// <summary>The schema version every v1 record is published under.</summary>
    public const string SchemaVersion = "v1";

    /// <summary>All kinds, in declaration order.</summary>
    public static IReadOnlyList<RecordKind> All { get; } = Enum.GetValues<RecordKind>();

    /// <summary>The lower-case name used in URLs, topics and file names, e.g. <c>graduate</c>.</summary>
    public static string Name(this RecordKind kind) => kind switch
    {
        RecordKind.Graduate => "graduate",
        RecordKind.Vacancy => "vacancy",
        RecordKind.Certification => "certification",
        RecordKind.Policy => "policy",
        RecordKind.Service => "service",
        RecordKind.Placement => "placement",
        RecordKind.Consent => "consent",
        RecordKind.Feedback => "feedback",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Parses a kind name; false for anything that is not one of the eight names.</summary>
    public static bool TryParse(string? name, out RecordKind kind)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), name, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }
        kind = default;
        return false;
    }

    /// <summary>The C# type that carries a record of this kind.</summary>
    public static Type RecordType(this RecordKind kind) => kind switch
    {
        RecordKind.Graduate => typeof(GraduateRecord),
        RecordKind.Vacancy => typeof(VacancyRecord),
        RecordKind.Certification => typeof(CertificationRecord),
        RecordKind.Policy => typeof(PolicyRecord),
        RecordKind.Service => typeof(ServiceRecord),
        RecordKind.Placement => typeof(PlacementRecord),
        RecordKind.Consent => typeof(ConsentRecord),
        RecordKind.Feedback => typeof(FeedbackRecord),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The published schema's <c>$id</c>.</summary>
    public static string SchemaId(this RecordKind kind) =>
        $"https://schemas.graduate-exchange.org/{kind.Name()}/{SchemaVersion}.schema.json";

    /// <summary>The schema's file name under <c>schemas/</c>.</summary>
    public static string SchemaFileName(this RecordKind kind) => $"{kind.Name()}.{SchemaVersion}.schema.json";
}
