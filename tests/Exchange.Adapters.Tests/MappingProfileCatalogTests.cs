using System.Text;
using System.Text.Json.Nodes;
using Exchange.Adapters.Formats.Csv;
using Exchange.Core.Model;
using Exchange.Testing;
using Microsoft.Extensions.Options;

namespace Exchange.Adapters.Tests;

public sealed class MappingProfileCatalogTests
{
    private static (MappingProfileCatalog? Catalog, IReadOnlyList<string> Failures) LoadWith(TempFolder folder, string fileName, string json)
    {
        File.WriteAllText(folder.Combine(fileName), json);
        try
        {
            return (MappingProfileCatalog.Load(folder.Path), []);
        }
        catch (OptionsValidationException e)
        {
            return (null, [.. e.Failures]);
        }
    }

    private static JsonNode ReadOne(MappingProfileCatalog catalog, RecordKind kind, string profile, string csv) =>
        JsonNode.Parse(Assert.Single(new CsvRecordReader(catalog).Read(Encoding.UTF8.GetBytes(csv), new CsvReadOptions { Kind = kind, Profile = profile }).Rows).Utf8Json)!;

    [Fact]
    public void A_numeric_constant_no_longer_stops_the_catalogue_from_loading_and_reaches_every_row_as_a_number()
    {
        using var folder = new TempFolder("adapters-profiles");

        var (catalog, failures) = LoadWith(folder, "school.json", """
            {
              "name": "school", "kind": "graduate", "extends": "graduate",
              "constants": { "institutionCode": "4141010001", "cohort": 2025, "skills": ["普通话二级甲等"] }
            }
            """);

        Assert.Empty(failures);
        var record = ReadOne(catalog!, RecordKind.Graduate, "school", "xh,xm\n1,王五\n");
        Assert.Equal(2025, record["cohort"]!.GetValue<int>());
        Assert.Equal("4141010001", record["institutionCode"]!.GetValue<string>());
        Assert.Equal(["普通话二级甲等"], record["skills"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    [Fact]
    public void A_boolean_constant_fills_a_boolean_field()
    {
        using var folder = new TempFolder("adapters-profiles");

        var (catalog, failures) = LoadWith(folder, "placements.json", """
            { "name": "placements", "kind": "placement", "columns": [ { "headers": ["recordId"], "path": "recordId" } ],
              "constants": { "signedStatement": true } }
            """);

        Assert.Empty(failures);
        Assert.True(ReadOne(catalog!, RecordKind.Placement, "placements", "recordId\nP-1\n")["signedStatement"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("""{ "institutionCode": 4141010001 }""", "constants.institutionCode", "the value is an integer, but the schema wants string")]
    [InlineData("""{ "cohort": "2026" }""", "constants.cohort", "the value is a string, but the schema wants integer")]
    [InlineData("""{ "cohort": 2026.5 }""", "constants.cohort", "the value is a number, but the schema wants integer")]
    [InlineData("""{ "skills": ["Excel", 3] }""", "constants.skills", "item 1 is an integer, but the schema wants items of string")]
    [InlineData("""{ "contact": { "phone": "13800000000" } }""", "constants.contact", "name a nested field by its dotted path")]
    [InlineData("""{ "graduationYear": 2026 }""", "constants.graduationYear", "the graduate schema has no field 'graduationYear'")]
    public void A_constant_that_does_not_fit_the_schema_is_refused_naming_the_file_and_the_entry(string constants, string entry, string what)
    {
        using var folder = new TempFolder("adapters-profiles");

        var (_, failures) = LoadWith(folder, "school.json", $$"""{ "name": "school", "kind": "graduate", "extends": "graduate", "constants": {{constants}} }""");

        var failure = Assert.Single(failures);
        Assert.Contains($"'{folder.Combine("school.json")}', {entry}: ", failure, StringComparison.Ordinal);
        Assert.Contains(what, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_graduate_profile_derives_the_cohort_from_the_graduation_date_when_no_column_holds_it()
    {
        var reader = new CsvRecordReader(MappingProfileCatalog.Load());

        var derived = reader.Read(Encoding.UTF8.GetBytes("xh,byrq\n1,2026-06-30\n2,\n"), new CsvReadOptions { Kind = RecordKind.Graduate });
        var given = reader.Read(Encoding.UTF8.GetBytes("xh,byrq,jb\n1,2026-06-30,2025届\n"), new CsvReadOptions { Kind = RecordKind.Graduate });

        Assert.Equal(2026, JsonNode.Parse(derived.Rows[0].Utf8Json)!["cohort"]!.GetValue<int>());
        Assert.Null(JsonNode.Parse(derived.Rows[1].Utf8Json)!["cohort"]);
        Assert.Equal("byrq", derived.ColumnFor("/cohort"));
        Assert.Equal(2025, JsonNode.Parse(given.Rows[0].Utf8Json)!["cohort"]!.GetValue<int>());
    }

    [Fact]
    public void One_column_feeds_several_fields_each_through_its_own_converter()
    {
        using var folder = new TempFolder("adapters-profiles");

        var (catalog, failures) = LoadWith(folder, "school.json", """
            {
              "name": "school", "kind": "graduate", "extends": "graduate",
              "columns": [ { "headers": ["BYSJ"], "targets": [ { "path": "graduationDate", "convert": "date" }, { "path": "cohort", "convert": "year" } ] } ]
            }
            """);

        Assert.Empty(failures);
        var result = new CsvRecordReader(catalog!).Read(Encoding.UTF8.GetBytes("xh,BYSJ\n1,2027/7/1\n2,soon\n"),
            new CsvReadOptions { Kind = RecordKind.Graduate, Profile = "school" });
        Assert.Empty(result.HeaderProblems);
        var record = JsonNode.Parse(result.Rows[0].Utf8Json)!;
        Assert.Equal("2027-07-01", record["graduationDate"]!.GetValue<string>());
        Assert.Equal(2027, record["cohort"]!.GetValue<int>());
        Assert.Equal(["/graduationDate", "/cohort"], result.Rows[1].Problems.Select(p => p.Pointer));
    }

    [Fact]
    public void A_header_listed_for_two_fields_is_refused_with_the_way_to_feed_both()
    {
        using var folder = new TempFolder("adapters-profiles");

        var (_, failures) = LoadWith(folder, "school.json", """
            { "name": "school", "kind": "graduate", "extends": "graduate",
              "columns": [ { "headers": ["xh"], "path": "studentId" }, { "headers": ["xh"], "path": "recordId" } ] }
            """);

        var failure = Assert.Single(failures);
        Assert.Contains("columns[1]: the header 'xh' already names the column for 'studentId'", failure, StringComparison.Ordinal);
        Assert.Contains("'targets'", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_columns_and_derived_fields_are_all_reported_at_once()
    {
        using var folder = new TempFolder("adapters-profiles");

        var (_, failures) = LoadWith(folder, "school.json", """
            { "name": "school", "kind": "graduate", "extends": "graduate",
              "columns": [
                { "headers": ["nianji"], "path": "grade" },
                { "headers": ["jineng"], "path": "skills", "convert": "integer" },
                { "headers": ["beizhu"], "path": "name", "convert": "reverse" },
                { "headers": ["kong"] }
              ],
              "derived": { "cohort": { "from": "graduationDate", "convert": "list" }, "birthDate": { "from": "birthDate" } } }
            """);

        Assert.Equal(6, failures.Count);
        Assert.Contains(failures, f => f.EndsWith("columns[0]: the graduate schema has no field 'grade'.", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.EndsWith("columns[1]: the converter 'integer' makes an integer, but the graduate schema's 'skills' is array.", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("columns[2]: 'reverse' is not a converter", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("columns[3]: give 'path'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.EndsWith("derived.cohort: the converter 'list' makes an array, but the graduate schema's 'cohort' is integer.", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.EndsWith("derived.birthDate: a field cannot be computed from itself.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_profile_file_that_is_not_valid_JSON_is_a_failure_naming_the_file_and_line_not_an_exception()
    {
        using var folder = new TempFolder("adapters-profiles");
        File.WriteAllText(folder.Combine("other.json"), """{ "name": "other", "kind": "alumnus" }""");

        var (_, failures) = LoadWith(folder, "school.json", "{ \"name\": \"school\",\n  \"kind\": \"graduate\",\n  \"columns\": [ { \"headers\": \"xh\", \"path\": \"studentId\" } ] }");

        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, f => f.StartsWith($"Mapping profile file '{folder.Combine("school.json")}', columns[0].headers (line 3): ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith($"Mapping profile file '{folder.Combine("other.json")}', kind: 'alumnus' is not a record kind", StringComparison.Ordinal));
    }

    [Fact]
    public void Extending_an_unknown_profile_names_the_file()
    {
        using var folder = new TempFolder("adapters-profiles");

        var (_, failures) = LoadWith(folder, "school.json", """{ "name": "school", "kind": "graduate", "extends": "graduates" }""");

        Assert.Equal($"Mapping profile file '{folder.Combine("school.json")}', extends: there is no profile named 'graduates'.", Assert.Single(failures));
    }
}
