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
}
