using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Index.Queries;

namespace Exchange.Index.Tests.Queries;

/// <summary>Which source wins each golden field, and that every field names the record it came from.</summary>
public sealed class SurvivorshipTests
{
    private static readonly DateOnly Today = new(2026, 7, 1);
    private static readonly DateTimeOffset Monday = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_bureau_decides_status_the_latest_degree_education_the_resident_id_identity_and_the_latest_source_contact()
    {
        var keyed = Version("graduate", "linkage-key", Monday, new JsonObject
        {
            ["name"] = "张晓雯", ["birthDate"] = "2003-04-12", ["sex"] = "2", ["originRegion"] = "410102",
            ["educationLevel"] = "21", ["majorName"] = "会计学", ["graduationDate"] = "2026-06-30",
            ["contact"] = new JsonObject { ["phone"] = "13800138000" },
            ["hardshipFlags"] = new JsonArray("minimum-living-allowance"),
        });
        var ledger = Version("graduate", "probabilistic", Monday.AddDays(3), new JsonObject
        {
            ["name"] = "张小雯", ["birthDate"] = "2003-04-12", ["educationLevel"] = "31", ["majorName"] = "会计", ["graduationDate"] = "2023-06-30",
            ["contact"] = new JsonObject { ["phone"] = "13900139000", ["email"] = "x@example.com" },
        });
        var certified = Version("certification", "linkage-key", Monday, new JsonObject
        {
            ["certificationType"] = "minimum-living-allowance", ["issuerName"] = "郑州市中原区民政局", ["status"] = "active",
            ["validFrom"] = "2026-01-01", ["validThrough"] = "2026-12-31",
        });
        var expired = Version("certification", "linkage-key", Monday, new JsonObject
        {
            ["certificationType"] = "disability", ["issuerName"] = "郑州市残联", ["status"] = "active", ["validFrom"] = "2020-01-01", ["validThrough"] = "2026-06-30",
        });

        var golden = Survivorship.Compose([keyed, ledger, certified, expired], Today);

        Assert.Equal("张晓雯", (string?)golden.Fields["name"]);
        Assert.Equal(("identity.resident-id-verified", keyed.EnvelopeId), (golden.Lineage["name"].Rule, golden.Lineage["name"].EnvelopeId));
        Assert.Equal("会计学", (string?)golden.Fields["majorName"]);
        Assert.Equal(keyed.EnvelopeId, golden.Lineage["majorName"].EnvelopeId);
        Assert.Equal("13900139000", (string?)golden.Fields["phone"]);
        Assert.Equal(ledger.EnvelopeId, golden.Lineage["phone"].EnvelopeId);
        var status = Assert.Single(golden.Fields["certifiedStatus"]!.AsArray());
        Assert.Equal("minimum-living-allowance", (string?)status!["certificationType"]);
        Assert.Equal(("status.certifying-bureau", certified.EnvelopeId), (golden.Lineage["certifiedStatus"].Rule, golden.Lineage["certifiedStatus"].EnvelopeId));
        Assert.Equal("status.university-flag-uncertified", golden.Lineage["universityHardshipFlags"].Rule);
        Assert.All(golden.Fields, f => Assert.True(golden.Lineage.ContainsKey(f.Key), $"{f.Key} has no lineage"));
    }

    [Fact]
    public void Without_a_certification_in_force_there_is_no_certified_status_whatever_the_university_flags()
    {
        var flagged = Version("graduate", "linkage-key", Monday, new JsonObject { ["name"] = "李建国", ["hardshipFlags"] = new JsonArray("zero-employment-family") });

        var golden = Survivorship.Compose([flagged], Today);

        Assert.Null(golden.Fields["certifiedStatus"]);
        Assert.NotNull(golden.Fields["universityHardshipFlags"]);
    }

    private static SourceVersion Version(string kind, string rule, DateTimeOffset receivedAt, JsonObject record)
    {
        using var document = JsonDocument.Parse(record.ToJsonString());
        return new SourceVersion(Guid.NewGuid(), kind, "12100000400000624D", $"{kind}-{Guid.NewGuid():N}", rule, receivedAt, document.RootElement.Clone());
    }
}
