using System.Text.Json.Nodes;
using Exchange.Core.Codes;

namespace Exchange.Core.Tests;

public sealed class CodeListTests(ValidatorFixture fixture) : IClassFixture<ValidatorFixture>
{
    [Fact]
    public void Every_list_names_its_standard_version_and_source()
    {
        Assert.All(fixture.Codes.Lists, list =>
        {
            Assert.False(string.IsNullOrWhiteSpace(list.Standard), list.Name);
            Assert.False(string.IsNullOrWhiteSpace(list.Version), list.Name);
            Assert.False(string.IsNullOrWhiteSpace(list.Source), list.Name);
            Assert.All(list.Entries, e => Assert.False(string.IsNullOrWhiteSpace(e.Zh), $"{list.Name}/{e.Code}"));
        });
    }

    [Fact]
    public void Administrative_divisions_are_complete_to_county_level()
    {
        var regions = fixture.Codes[CodeListNames.AdminDivision];
        var current = regions.Entries.Where(e => e.IsCurrent).ToList();

        Assert.Equal(34, current.Count(e => e.Level == "province"));
        Assert.InRange(current.Count(e => e.Level == "county"), 2800, 3000);
        Assert.InRange(current.Count, 3100, 3400);
        Assert.Contains(regions.Entries, e => e.Retired is not null);
        Assert.All(current, e => Assert.Matches("^[0-9]{6}$", e.Code));
        Assert.Equal(current.Count, current.Select(e => e.Code).Distinct().Count());
    }

    [Fact]
    public void Retired_region_is_accepted_only_for_records_dated_before_its_retirement()
    {
        // 110103 Chongwen District merged into Dongcheng in 2010.
        var regions = fixture.Codes[CodeListNames.AdminDivision];
        Assert.Equal(2010, regions.Find("110103")?.Retired);
        Assert.Equal(CodeCheck.InUseThen, regions.Check("110103", new DateOnly(2003, 3, 30)));
        Assert.Equal(CodeCheck.Retired, regions.Check("110103", new DateOnly(2022, 9, 1)));
        Assert.Equal(CodeCheck.Retired, regions.Check("110103", null));
        Assert.Equal(CodeCheck.InUse, regions.Check("110101", new DateOnly(2022, 9, 1)));
        Assert.Equal(CodeCheck.Unknown, regions.Check("999999", null));
    }

    [Fact]
    public void Occupation_major_groups_carry_an_ISCO_08_crosswalk()
    {
        var groups = fixture.Codes[CodeListNames.OccupationMajorGroup];
        Assert.Equal(8, groups.Entries.Count);
        Assert.Equal(["2", "3"], groups.Find("2")!.Crosswalk!["isco08"]);
        Assert.Equal(["0"], groups.Find("7")!.Crosswalk!["isco08"]);
    }

    [Fact]
    public void A_deployment_extends_a_list_from_an_override_folder_without_a_rebuild()
    {
        using var overrides = new TempFolder();
        File.WriteAllText(Path.Combine(overrides.Path, "destination.json"), """
            { "list": "destination", "standard": "MoE", "version": "2027", "source": "local extension", "mode": "extend",
              "entries": [ { "code": "504", "zh": "特岗教师", "en": "special-post teacher", "parent": "50" } ] }
            """);

        var catalog = CodeListCatalog.Load(Repository.PathOf("schemas", "codes"), overrides.Path);

        var destinations = catalog[CodeListNames.Destination];
        Assert.Equal(CodeCheck.InUse, destinations.Check("504", null));
        Assert.Equal(CodeCheck.InUse, destinations.Check("11", null));
        Assert.Equal("2027", destinations.Version);
    }

    [Fact]
    public void A_deployment_replaces_a_list_from_an_override_folder()
    {
        using var overrides = new TempFolder();
        File.WriteAllText(Path.Combine(overrides.Path, "sex.json"), """
            { "list": "sex", "standard": "GB/T 2261.1-2003", "version": "2003-local", "source": "replacement",
              "entries": [ { "code": "1", "zh": "男性" }, { "code": "2", "zh": "女性" } ] }
            """);

        var sex = CodeListCatalog.Load(Repository.PathOf("schemas", "codes"), overrides.Path)[CodeListNames.Sex];

        Assert.Equal(CodeCheck.Unknown, sex.Check("9", null));
        Assert.Equal(2, sex.Entries.Count);
    }

    [Fact]
    public void A_folder_missing_a_required_list_fails_with_the_names()
    {
        using var folder = new TempFolder();
        File.Copy(Repository.PathOf("schemas", "codes", "sex.json"), Path.Combine(folder.Path, "sex.json"));

        var error = Assert.Throws<CodeListException>(() => CodeListCatalog.Load(folder.Path));
        Assert.Contains("admin-division", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_list_file_fails_with_its_path()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "broken.json"), "{ not json");

        var error = Assert.Throws<CodeListException>(() => CodeListCatalog.Load(folder.Path));
        Assert.Contains("broken.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_shipped_list_file_is_named_after_its_list()
    {
        foreach (var path in Directory.EnumerateFiles(Repository.PathOf("schemas", "codes"), "*.json"))
        {
            var list = (string?)JsonNode.Parse(File.ReadAllText(path))!["list"];
            Assert.Equal(Path.GetFileNameWithoutExtension(path), list);
        }
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("exchange-codes-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
