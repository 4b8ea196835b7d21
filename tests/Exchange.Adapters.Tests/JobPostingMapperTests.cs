using System.Text.Json.Nodes;
using Exchange.Adapters.Formats.JobPosting;
using Exchange.Core.Codes;
using Exchange.Testing;

namespace Exchange.Adapters.Tests;

public sealed class JobPostingMapperTests
{
    private static readonly JobPostingMapper s_mapper = new(CodeListCatalog.Shipped);

    [Fact]
    public void Finds_the_postings_of_an_ItemList()
    {
        var postings = JobPostingMapper.Postings(JsonNode.Parse(File.ReadAllText(IngestHarness.Payload("employer-feed-itemlist.json"))));

        Assert.Equal(2, postings.Count);
    }

    [Fact]
    public void Finds_postings_in_an_array_and_a_graph()
    {
        var posting = """{"@type":"JobPosting","title":"x"}""";

        Assert.Single(JobPostingMapper.Postings(JsonNode.Parse($"[{posting}, {{\"@type\":\"Organization\"}}]")));
        Assert.Single(JobPostingMapper.Postings(JsonNode.Parse($"{{\"@context\":\"https://schema.org\",\"@graph\":[{posting}]}}")));
    }

    [Fact]
    public async Task Maps_a_Chinese_employer_posting_to_a_valid_vacancy()
    {
        var posting = JobPostingMapper.Postings(JsonNode.Parse(File.ReadAllText(IngestHarness.Payload("employer-feed-itemlist.json"))))[0];

        var mapping = s_mapper.Map(posting);

        Assert.Empty(mapping.Problems);
        Assert.Equal(("HW-2026-SZ-0311", "2026-03-02T09:00:00+08:00"), (mapping.Key, mapping.Version));
        var vacancy = JsonNode.Parse(mapping.Utf8Json)!;
        Assert.Equal("914403001922038216", vacancy["employerCreditCode"]!.GetValue<string>());
        Assert.Equal("440305", vacancy["workRegion"]!.GetValue<string>());
        Assert.Equal("2-02-10-03", vacancy["occupationCode"]!.GetValue<string>());
        Assert.Equal((12000, 18000), (vacancy["payMin"]!.GetValue<int>(), vacancy["payMax"]!.GetValue<int>()));
        Assert.Equal("fixed-term", vacancy["contractType"]!.GetValue<string>());
        Assert.Equal(("2026-03-01", "2026-08-31"), (vacancy["validFrom"]!.GetValue<string>(), vacancy["validThrough"]!.GetValue<string>()));
        Assert.Equal(["step-free-access", "accessible-toilet", "screen-reader"], vacancy["accessibilityFeatures"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(["disability-friendly"], vacancy["inclusiveHiring"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(30, vacancy["positions"]!.GetValue<int>());

        var validator = await Exchange.Core.Validation.RecordValidator.CreateShippedAsync(TestTimeout.Token());
        var validation = validator.Validate(Exchange.Core.Model.RecordKind.Vacancy, mapping.Utf8Json);
        Assert.True(validation.IsValid, string.Join("; ", validation.Problems.Select(p => $"{p.Pointer} {p.Code}")));
    }

    [Fact]
    public void Maps_an_ISCO_code_through_the_crosswalk_a_yearly_salary_to_monthly_and_keeps_a_negated_feature_out()
    {
        var posting = JobPostingMapper.Postings(JsonNode.Parse(File.ReadAllText(IngestHarness.Payload("employer-feed-itemlist.json"))))[1];

        var mapping = s_mapper.Map(posting);

        Assert.Empty(mapping.Problems);
        var vacancy = JsonNode.Parse(mapping.Utf8Json)!;
        Assert.Equal("3", vacancy["occupationCode"]!.GetValue<string>()); // ISCO-08 major group 4 ↔ national group 3
        Assert.Equal((6000, 8000), (vacancy["payMin"]!.GetValue<int>(), vacancy["payMax"]!.GetValue<int>()));
        Assert.Equal("110101", vacancy["workRegion"]!.GetValue<string>());
        Assert.Equal("91110000802100433B", vacancy["employerCreditCode"]!.GetValue<string>());
        Assert.Null(vacancy["accessibilityFeatures"]);
    }

    [Fact]
    public void Googles_published_example_gives_problems_naming_the_JSON_LD_properties_not_a_crash()
    {
        var posting = JsonNode.Parse(File.ReadAllText(IngestHarness.Payload("google-jobposting-example.json")))!.AsObject();

        var mapping = s_mapper.Map(posting);

        Assert.Equal(
            [
                ("/hiringOrganization/identifier", JobPostingProblemCodes.CreditCode),
                ("/occupationalCategory", JobPostingProblemCodes.Missing),
                ("/jobLocation/address/addressCountry", JobPostingProblemCodes.Location),
                ("/baseSalary/currency", JobPostingProblemCodes.Salary),
            ],
            mapping.Problems.Select(p => (p.Pointer, p.Code)));
        var vacancy = JsonNode.Parse(mapping.Utf8Json)!;
        Assert.Equal("1234567", vacancy["recordId"]!.GetValue<string>());
        Assert.Equal("project", vacancy["contractType"]!.GetValue<string>());
        Assert.Equal("2017-03-18", vacancy["validThrough"]!.GetValue<string>());
    }

    [Fact]
    public void An_ambiguous_ISCO_group_and_an_unknown_employment_type_are_problems()
    {
        var posting = JsonNode.Parse("""
            {"@type":"JobPosting","title":"Helper","identifier":"J-1","datePosted":"2026-01-01","validThrough":"2026-02-01",
             "employmentType":"VOLUNTEER","occupationalCategory":"9112",
             "hiringOrganization":{"name":"X","identifier":"91110000802100433B"},
             "jobLocation":{"address":{"addressLocality":"南山区"}}}
            """)!.AsObject();

        var codes = s_mapper.Map(posting).Problems.Select(p => p.Code).ToList();

        Assert.Contains(JobPostingProblemCodes.OccupationAmbiguous, codes);
        Assert.Contains(JobPostingProblemCodes.EmploymentType, codes);
        Assert.Contains(JobPostingProblemCodes.Location, codes); // 南山区 exists in Shenzhen and in Hegang
    }

    private const string ChinesePosting = """
        "@type":"JobPosting","title":"数据分析师","identifier":"SZ-7","datePosted":"2026-03-01","validThrough":"2026-08-31",
        "employmentType":"FULL_TIME","occupationalCategory":"2-02-10-03",
        "jobLocation":{"@type":"Place","address":{"addressRegion":"广东省","addressLocality":"深圳市南山区","addressCountry":"CN"}}
        """;

    private const string Organisation = """{"@type":"Organization","name":"深圳某科技有限公司","identifier":"914403001922038216"}""";

    /// <summary>Parses a test document, POSTING standing for a Chinese posting's properties and ORG for its employer.</summary>
    private static JsonNode Parse(string json) => JsonNode.Parse(json
        .Replace("POSTING8", ChinesePosting.Replace("SZ-7", "SZ-8", StringComparison.Ordinal), StringComparison.Ordinal)
        .Replace("POSTING", ChinesePosting, StringComparison.Ordinal)
        .Replace("ORG", Organisation, StringComparison.Ordinal))!;

    [Fact]
    public void A_bare_number_salary_of_unknown_unit_is_refused_not_taken_as_yuan_a_month()
    {
        var posting = Parse("""{POSTING,"hiringOrganization":ORG,"baseSalary":150}""").AsObject();

        var mapping = s_mapper.Map(posting);

        var problem = Assert.Single(mapping.Problems);
        Assert.Equal(("/baseSalary", JobPostingProblemCodes.SalaryUnitUnknown), (problem.Pointer, problem.Code));
        Assert.False(string.IsNullOrWhiteSpace(problem.MessageZh));
        Assert.Null(JsonNode.Parse(mapping.Utf8Json)!["payMin"]);
    }

    [Fact]
    public void A_salary_amount_without_unitText_is_refused_as_of_unknown_unit()
    {
        var posting = Parse("""
            {POSTING,"hiringOrganization":ORG,
             "baseSalary":{"@type":"MonetaryAmount","currency":"CNY","value":{"@type":"QuantitativeValue","minValue":8000,"maxValue":12000}}}
            """).AsObject();

        var problem = Assert.Single(s_mapper.Map(posting).Problems);

        Assert.Equal(("/baseSalary/value/unitText", JobPostingProblemCodes.SalaryUnitUnknown), (problem.Pointer, problem.Code));
    }

    [Fact]
    public async Task A_missing_totalJobOpenings_leaves_the_positions_unknown_not_zero()
    {
        var posting = Parse("""{POSTING,"hiringOrganization":ORG}""").AsObject();

        var mapping = s_mapper.Map(posting);

        Assert.Empty(mapping.Problems);
        Assert.Null(JsonNode.Parse(mapping.Utf8Json)!["positions"]);
        var vacancy = System.Text.Json.JsonSerializer.Deserialize<Exchange.Core.Model.VacancyRecord>(mapping.Utf8Json, Exchange.Core.Json.RecordJson.Options)!;
        Assert.Equal(default(int?), vacancy.Positions);
        var validator = await Exchange.Core.Validation.RecordValidator.CreateShippedAsync(TestTimeout.Token());
        Assert.True(validator.Validate(Exchange.Core.Model.RecordKind.Vacancy, mapping.Utf8Json).IsValid);
    }

    [Fact]
    public void A_zero_totalJobOpenings_is_a_problem_not_a_silent_default()
    {
        var posting = Parse("""{POSTING,"hiringOrganization":ORG,"totalJobOpenings":0}""").AsObject();

        var problem = Assert.Single(s_mapper.Map(posting).Problems);

        Assert.Equal(("/totalJobOpenings", JobPostingProblemCodes.Openings), (problem.Pointer, problem.Code));
    }

    [Fact]
    public void A_hiringOrganization_given_as_an_id_reference_into_the_graph_is_resolved()
    {
        var document = Parse("""
            {"@context":"https://schema.org","@graph":[
              {"@type":"Organization","@id":"https://jobs.example.cn/#org","name":"深圳某科技有限公司",
               "identifier":{"@type":"PropertyValue","propertyID":"USCC","value":"914403001922038216"}},
              {POSTING,"hiringOrganization":{"@id":"https://jobs.example.cn/#org"}}
            ]}
            """);

        var posting = Assert.Single(JobPostingMapper.Postings(document));
        var mapping = s_mapper.Map(posting);

        Assert.Empty(mapping.Problems);
        var vacancy = JsonNode.Parse(mapping.Utf8Json)!;
        Assert.Equal(("914403001922038216", "深圳某科技有限公司"), (vacancy["employerCreditCode"]!.GetValue<string>(), vacancy["employerName"]!.GetValue<string>()));
    }

    [Fact]
    public void An_id_reference_the_graph_does_not_hold_is_a_problem_naming_the_id()
    {
        var document = Parse("""
            {"@graph":[{POSTING,"hiringOrganization":{"@id":"#nobody"}}]}
            """);

        var mapping = s_mapper.Map(Assert.Single(JobPostingMapper.Postings(document)));

        var problem = Assert.Single(mapping.Problems);
        Assert.Equal(("/hiringOrganization", JobPostingProblemCodes.UnresolvedReference), (problem.Pointer, problem.Code));
        Assert.Contains("#nobody", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_id_reference_cycle_ends_with_a_problem_not_a_hang()
    {
        var document = Parse("""
            {"@graph":[
              {"@id":"#a","@type":"Organization","name":"A","identifier":"914403001922038216","parentOrganization":{"@id":"#b"}},
              {"@id":"#b","@type":"Organization","name":"B","subOrganization":{"@id":"#a"}},
              {"@id":"#self","@type":"Organization","name":"C","identifier":"914403001922038216","sameAs":{"@id":"#self"}},
              {POSTING,"hiringOrganization":{"@id":"#self"}},
              {POSTING8,"hiringOrganization":{"@id":"#a"}}
            ]}
            """);

        var postings = JobPostingMapper.Postings(document);
        var self = s_mapper.Map(postings[0]);
        var nested = s_mapper.Map(postings[1]);

        Assert.Empty(self.Problems); // the cycle sits in a property the mapping does not read
        Assert.Empty(nested.Problems);
        Assert.Equal("914403001922038216", JsonNode.Parse(nested.Utf8Json)!["employerCreditCode"]!.GetValue<string>());
        Assert.Equal("#a", postings[1]["hiringOrganization"]!["parentOrganization"]!["subOrganization"]!["@id"]!.GetValue<string>());
    }

    [Fact]
    public void A_hiringOrganization_that_refers_to_itself_is_a_cycle_problem()
    {
        var document = Parse("""
            {"@graph":[{"@id":"#loop","@type":"JobPosting","title":"x","hiringOrganization":{"@id":"#loop"}}]}
            """);

        var mapping = s_mapper.Map(Assert.Single(JobPostingMapper.Postings(document)));

        var problem = Assert.Single(mapping.Problems, p => p.Pointer == "/hiringOrganization");
        Assert.Equal(JobPostingProblemCodes.UnresolvedReference, problem.Code);
        Assert.Contains("cycle", problem.Message, StringComparison.Ordinal);
    }
}
