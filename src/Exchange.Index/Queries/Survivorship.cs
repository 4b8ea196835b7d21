using System.Text.Json;
using System.Text.Json.Nodes;

namespace Exchange.Index.Queries;

/// <summary>One record in force of a subject, as survivorship reads it.</summary>
public sealed record SourceVersion(Guid EnvelopeId, string Kind, string SourceOrganisation, string SourceRecordId, string LinkRule, DateTimeOffset ReceivedAt,
    JsonElement Record);

/// <summary>Where a golden field came from: the record that supplied it, and the rule that chose it.</summary>
public sealed record FieldLineage(Guid EnvelopeId, string Kind, string SourceOrganisation, string SourceRecordId, string Rule);

/// <summary>The golden record of a subject and the lineage of each of its fields.</summary>
public sealed record GoldenRecord(JsonObject Fields, IReadOnlyDictionary<string, FieldLineage> Lineage);

/// <summary>
/// Survivorship: which source supplies each field of the golden record (docs/merge.md). Identity
/// from a graduate record linked by resident id before one resolved by likeness; education from the
/// latest degree; contact from the latest source that has it; hardship and disability status only
/// from a certifying bureau's certification in force — a university's hardship flag is kept apart
/// as a flag; employment from the latest checked placement.
/// </summary>
public static class Survivorship
{
    private static readonly string[] IdentityFields = ["name", "sex", "birthDate", "originRegion"];
    private static readonly string[] EducationFields = ["institutionCode", "studentId", "educationLevel", "majorCode", "majorName", "enrolmentDate", "graduationDate", "cohort"];

    public static GoldenRecord Compose(IReadOnlyList<SourceVersion> records, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(records);
        var fields = new JsonObject();
        var lineage = new Dictionary<string, FieldLineage>(StringComparer.Ordinal);
        var graduates = records.Where(r => r.Kind == "graduate").ToList();

        // Identity: a record tied to the subject by its resident id outranks one joined by likeness; then the latest.
        if (graduates.OrderByDescending(g => g.LinkRule == "linkage-key").ThenByDescending(g => g.ReceivedAt).FirstOrDefault() is { } identity)
        {
            foreach (var field in IdentityFields)
                Take(fields, lineage, field, identity, field, identity.LinkRule == "linkage-key" ? "identity.resident-id-verified" : "identity.latest");
        }

        // Education: the latest degree (graduation date), then the latest received.
        if (graduates.OrderByDescending(g => RecordFields.Text(g.Record, "graduationDate"), StringComparer.Ordinal).ThenByDescending(g => g.ReceivedAt).FirstOrDefault() is { } degree)
        {
            foreach (var field in EducationFields)
                Take(fields, lineage, field, degree, field, "education.latest-degree");
        }

        // Contact, preferences, skills: the latest source that has each.
        foreach (var (path, name) in new[] { ("contact/phone", "phone"), ("contact/email", "email"), ("preferences", "preferences"), ("skills", "skills") })
        {
            if (graduates.Where(g => Find(g.Record, path) is not null).MaxBy(g => g.ReceivedAt) is { } latest)
                Take(fields, lineage, name, latest, path, "latest-source");
        }

        // Hardship and disability: the certifying bureau decides; certifications in force today.
        var inForce = records.Where(r => r.Kind == "certification" && RecordFields.Text(r.Record, "status") == "active"
                && RecordFields.Date(r.Record, "validFrom") is { } from && from <= today && (RecordFields.Date(r.Record, "validThrough") is not { } through || through >= today))
            .OrderBy(r => RecordFields.Text(r.Record, "certificationType"), StringComparer.Ordinal).ToList();
        if (inForce.Count > 0)
        {
            fields["certifiedStatus"] = new JsonArray([.. inForce.Select(c => (JsonNode)new JsonObject
            {
                ["certificationType"] = RecordFields.Text(c.Record, "certificationType"),
                ["disabilityCategory"] = RecordFields.Text(c.Record, "disabilityCategory"),
                ["disabilityGrade"] = RecordFields.Text(c.Record, "disabilityGrade"),
                ["issuerName"] = RecordFields.Text(c.Record, "issuerName"),
                ["validThrough"] = RecordFields.Text(c.Record, "validThrough"),
            })]);
            lineage["certifiedStatus"] = Lineage(inForce.MaxBy(c => c.ReceivedAt)!, "status.certifying-bureau");
        }
        if (graduates.Where(g => Find(g.Record, "hardshipFlags") is JsonArray { Count: > 0 }).MaxBy(g => g.ReceivedAt) is { } flagged)
            Take(fields, lineage, "universityHardshipFlags", flagged, "hardshipFlags", "status.university-flag-uncertified");

        // Employment: the placement checked most recently.
        if (records.Where(r => r.Kind == "placement").MaxBy(r => RecordFields.Text(r.Record, "checkedOn") ?? "") is { } placement)
        {
            foreach (var field in new[] { "destinationCode", "employerName", "workRegion", "startDate", "stillInPlace", "checkedOn" })
                Take(fields, lineage, field, placement, field, "employment.latest-check");
        }
        return new GoldenRecord(fields, lineage);
    }

    private static void Take(JsonObject fields, Dictionary<string, FieldLineage> lineage, string name, SourceVersion source, string path, string rule)
    {
        if (Find(source.Record, path) is not { } value)
            return;
        fields[name] = value;
        lineage[name] = Lineage(source, rule);
    }

    private static FieldLineage Lineage(SourceVersion source, string rule) =>
        new(source.EnvelopeId, source.Kind, source.SourceOrganisation, source.SourceRecordId, rule);

    private static JsonNode? Find(JsonElement record, string path)
    {
        var node = record;
        foreach (var step in path.Split('/'))
        {
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(step, out node))
                return null;
        }
        return node.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : JsonNode.Parse(node.GetRawText());
    }
}
