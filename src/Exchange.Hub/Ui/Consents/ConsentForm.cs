using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Consents;

/// <summary>
/// What the consent form posts. It becomes the canonical consent record the steward API takes,
/// every value as it was typed, so that the API's own validation judges all of it — a date that is
/// not a date included — and answers with its coded problems in both languages.
/// </summary>
public sealed class ConsentForm
{
    [FromForm(Name = "recordId")] public string? RecordId { get; set; }
    [FromForm(Name = "residentId")] public string? ResidentId { get; set; }
    [FromForm(Name = "granteeOrganisation")] public string? GranteeOrganisation { get; set; }
    [FromForm(Name = "granteeRole")] public string? GranteeRole { get; set; }
    [FromForm(Name = "categories")] public List<string> Categories { get; set; } = [];
    [FromForm(Name = "purposes")] public List<string> Purposes { get; set; } = [];
    [FromForm(Name = "validFrom")] public string? ValidFrom { get; set; }
    [FromForm(Name = "validThrough")] public string? ValidThrough { get; set; }
    [FromForm(Name = "givenAt")] public string? GivenAt { get; set; }
    [FromForm(Name = "evidenceMethod")] public string? EvidenceMethod { get; set; }
    [FromForm(Name = "evidenceReference")] public string? EvidenceReference { get; set; }

    /// <summary>
    /// The canonical consent record, as UTF-8 JSON. An empty field is left out, so that the
    /// schema's "required" names it; a consent recorded here is active (withdrawal has its own page).
    /// </summary>
    public byte[] ToRecordJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            Write(json, "recordId", RecordId);
            Write(json, "residentId", ResidentId);
            json.WriteStartObject("grantee");
            Write(json, "organisationCreditCode", GranteeOrganisation);
            Write(json, "role", GranteeRole);
            json.WriteEndObject();
            WriteList(json, "purposes", Purposes);
            WriteList(json, "dataCategories", Categories);
            Write(json, "validFrom", ValidFrom);
            Write(json, "validThrough", ValidThrough);
            json.WriteString("status", "active");
            Write(json, "givenAt", GivenAt);
            json.WriteStartObject("evidence");
            Write(json, "method", EvidenceMethod);
            Write(json, "reference", EvidenceReference);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter json, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
            json.WriteString(name, value.Trim());
    }

    private static void WriteList(Utf8JsonWriter json, string name, List<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
            json.WriteStringValue(value);
        json.WriteEndArray();
    }
}
