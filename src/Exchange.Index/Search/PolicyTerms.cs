using System.Text.Json;

namespace Exchange.Index.Search;

/// <summary>
/// What a policy record says about who may claim it (its <c>eligibility</c>) and when it is in
/// force. An empty list does not restrict.
/// </summary>
internal sealed record PolicyTerms(string[] CertificationTypes, string[] EducationLevels, int[] Cohorts, DateOnly? ValidFrom, DateOnly? ValidThrough)
{
    public bool InForce(DateOnly day) => (ValidFrom is null || ValidFrom <= day) && (ValidThrough is null || ValidThrough >= day);

    public static PolicyTerms Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var eligibility = root.TryGetProperty("eligibility", out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
        return new PolicyTerms(
            Texts(eligibility, "certificationTypes"),
            Texts(eligibility, "educationLevels"),
            [.. List(eligibility, "cohorts").Where(c => c.ValueKind == JsonValueKind.Number).Select(c => c.GetInt32())],
            RecordFields.Date(root, "validFrom"),
            RecordFields.Date(root, "validThrough"));
    }

    private static string[] Texts(JsonElement parent, string property) =>
        [.. List(parent, property).Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)];

    private static IEnumerable<JsonElement> List(JsonElement parent, string property) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray()
            : [];
}
