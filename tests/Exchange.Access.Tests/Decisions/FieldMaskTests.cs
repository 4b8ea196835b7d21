using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Access.Decisions;

namespace Exchange.Access.Tests.Decisions;

public sealed class FieldMaskTests
{
    [Fact]
    public void Keeps_only_allowed_properties_and_the_containers_leading_to_them()
    {
        var document = FieldMask.Copy(Stored(RecordDocuments.Graduate()), Set("graduate/majorCode", "graduate/contact/email"), "graduate");

        Assert.Equal("""{"majorCode":"120203K","contact":{"email":"a@example.cn"}}""", document.ToJsonString());
    }

    [Fact]
    public void An_allowed_path_keeps_its_whole_subtree_but_never_a_resident_id_inside_it()
    {
        var document = FieldMask.Copy(Stored(RecordDocuments.Graduate()), Set("graduate/certificates", "graduate/preferences"), "graduate");

        Assert.Equal("""{"certificates":[{"name":"CET-6"}],"preferences":{"regions":["110000"],"minMonthlyPay":6000}}""", document.ToJsonString());
    }

    [Fact]
    public void Clear_identifiers_are_removed_even_when_a_faulty_decision_allows_them()
    {
        var document = FieldMask.Copy(Stored(RecordDocuments.Certification()), Set("certification/residentId", "certification/certificateNumber", "certification/status"), "certification");

        Assert.Equal("""{"status":"active"}""", document.ToJsonString());
    }

    [Fact]
    public void Nothing_allowed_leaves_an_empty_document()
    {
        Assert.Empty(FieldMask.Copy(Stored(RecordDocuments.Placement()), Set(), "placement"));
    }

    [Fact]
    public void A_path_of_another_kind_releases_nothing()
    {
        Assert.Empty(FieldMask.Copy(Stored(RecordDocuments.Placement()), Set("graduate/cohort"), "placement"));
    }

    [Fact]
    public void Eligibility_document_is_released_without_the_underlying_status()
    {
        var attribute = EligibilityAttribute.From(
            [
                new Core.Model.CertificationRecord
                {
                    RecordId = "c-1", CertificationType = "disability", DisabilityCategory = "1", DisabilityGrade = "2", IssuerCreditCode = "11100000000013338W",
                    IssuerName = "北京市残疾人联合会", IssuerRegion = "110000", ValidFrom = new DateOnly(2024, 1, 1), ValidThrough = new DateOnly(2028, 12, 31), Status = "active",
                },
                new Core.Model.CertificationRecord
                {
                    RecordId = "c-2", CertificationType = "orphan", IssuerCreditCode = "11100000000013338W",
                    IssuerName = "民政局", IssuerRegion = "110000", ValidFrom = new DateOnly(2020, 1, 1), ValidThrough = new DateOnly(2025, 12, 31), Status = "active",
                },
            ],
            new DateOnly(2026, 6, 15));

        var document = FieldMask.Copy(Stored(attribute.ToDocument()), Set("derived/eligibility"), "derived");

        Assert.Equal("""{"eligibility":{"eligible":true,"issuer":"北京市残疾人联合会","validThrough":"2028-12-31"}}""", document.ToJsonString(
            new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Equal(EligibilityAttribute.NotEligible, EligibilityAttribute.From([], new DateOnly(2026, 6, 15)));
    }

    [Fact]
    public void A_copy_of_a_stored_record_keeps_what_masking_it_keeps_for_any_allowed_fields()
    {
        var random = new Random(20261206);
        foreach (var (kind, document) in RecordDocuments.All())
        {
            var stored = JsonSerializer.SerializeToElement(document);
            // Every releasable field, the clear identifiers, containers and their parts, and paths of no kind.
            string[] paths =
            [
                .. FieldCatalogue.Releasable, .. document.Select(p => $"{kind}/{p.Key}"), $"{kind}/contact/phone", $"{kind}/preferences/regions",
                $"{kind}/certificates/name", $"{kind}/followUps/checkedOn", $"{kind}/residentId", "other/name", kind,
            ];
            for (var trial = 0; trial < 300; trial++)
            {
                var allowed = paths.Where(_ => random.Next(4) == 0).ToHashSet(StringComparer.Ordinal);
                var masked = PruningMask.Apply(JsonNode.Parse(stored.GetRawText())!.AsObject(), allowed, kind).ToJsonString();

                Assert.Equal(masked, FieldMask.Copy(stored, allowed, kind).ToJsonString());
            }
        }
    }

    [Fact]
    public void A_copy_never_holds_a_resident_id_at_any_depth_even_when_every_path_is_allowed()
    {
        var stored = JsonSerializer.SerializeToElement(RecordDocuments.Graduate());
        var everything = stored.EnumerateObject().Select(p => $"graduate/{p.Name}").ToHashSet(StringComparer.Ordinal);

        var copy = FieldMask.Copy(stored, everything, "graduate").ToJsonString();

        Assert.DoesNotContain("residentId", copy, StringComparison.Ordinal);
        Assert.DoesNotContain("11010519491231002X", copy, StringComparison.Ordinal);
        Assert.Contains("\"certificates\":[{\"name\":\"CET-6\"}]", copy, StringComparison.Ordinal);
    }

    [Fact]
    public void A_copy_outlives_the_document_its_record_was_read_from()
    {
        JsonObject copy;
        using (var document = JsonDocument.Parse(RecordDocuments.Graduate().ToJsonString()))
        {
            copy = FieldMask.Copy(document.RootElement, Set("graduate/skills", "graduate/preferences", "graduate/majorCode"), "graduate");
        }

        Assert.Equal("""{"majorCode":"120203K","skills":["Excel","SQL"],"preferences":{"regions":["110000"],"minMonthlyPay":6000}}""", copy.ToJsonString());
    }

    [Fact]
    public void A_record_that_is_not_an_object_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => FieldMask.Copy(JsonSerializer.SerializeToElement(new[] { 1 }), Set("graduate/name"), "graduate"));

        Assert.Contains("Array", error.Message, StringComparison.Ordinal);
    }

    private static HashSet<string> Set(params string[] fields) => fields.ToHashSet(StringComparer.Ordinal);

    private static JsonElement Stored(JsonObject document) => JsonSerializer.SerializeToElement(document);
}
