using System.Text.Json.Nodes;

namespace Exchange.Access.Tests.Decisions;

/// <summary>Full record documents, every property filled, clear identifiers included (also hidden in nested places).</summary>
internal static class RecordDocuments
{
    public static JsonObject Graduate() => new()
    {
        ["recordId"] = "g-1",
        ["institutionCode"] = "4111010001",
        ["studentId"] = "2022001",
        ["residentId"] = "11010519491231002X",
        ["name"] = "张三",
        ["sex"] = "1",
        ["birthDate"] = "2004-01-01",
        ["originRegion"] = "110105",
        ["educationLevel"] = "20",
        ["majorCode"] = "120203K",
        ["majorName"] = "会计学",
        ["enrolmentDate"] = "2022-09-01",
        ["graduationDate"] = "2026-06-30",
        ["cohort"] = 2026,
        ["skills"] = new JsonArray("Excel", "SQL"),
        ["certificates"] = new JsonArray(new JsonObject { ["name"] = "CET-6", ["residentId"] = "11010519491231002X" }),
        ["preferences"] = new JsonObject { ["regions"] = new JsonArray("110000"), ["minMonthlyPay"] = 6000 },
        ["accommodationNeeds"] = new JsonArray("screen reader"),
        ["hardshipFlags"] = new JsonArray("minimum-living-allowance"),
        ["contact"] = new JsonObject { ["phone"] = "13800000000", ["email"] = "a@example.cn" },
    };

    public static JsonObject Certification() => new()
    {
        ["recordId"] = "c-1",
        ["residentId"] = "11010519491231002X",
        ["certificationType"] = "disability",
        ["disabilityCategory"] = "1",
        ["disabilityGrade"] = "2",
        ["certificateNumber"] = "1101051949123100211",
        ["issuerCreditCode"] = "11100000000013338W",
        ["issuerName"] = "北京市残疾人联合会",
        ["issuerRegion"] = "110000",
        ["validFrom"] = "2024-01-01",
        ["validThrough"] = "2028-12-31",
        ["status"] = "active",
    };

    public static JsonObject Placement() => new()
    {
        ["recordId"] = "p-1",
        ["residentId"] = "11010519491231002X",
        ["destinationCode"] = "11",
        ["cohort"] = 2026,
        ["employerCreditCode"] = "91110000600037341L",
        ["employerName"] = "某公司",
        ["occupationCode"] = "2-02-38-01",
        ["workRegion"] = "110105",
        ["startDate"] = "2026-07-01",
        ["contractType"] = "labour-contract",
        ["monthlyPay"] = 7000,
        ["signedStatement"] = false,
        ["followUps"] = new JsonArray(new JsonObject { ["checkedOn"] = "2026-12-01", ["stillInPlace"] = true }),
    };

    public static JsonObject Derived() => new()
    {
        ["eligibility"] = new JsonObject { ["eligible"] = true, ["issuer"] = "北京市残疾人联合会", ["validThrough"] = "2028-12-31" },
    };

    /// <summary>Every document with its kind prefix.</summary>
    public static IReadOnlyList<(string Kind, JsonObject Document)> All() =>
        [("graduate", Graduate()), ("certification", Certification()), ("placement", Placement()), ("derived", Derived())];
}
