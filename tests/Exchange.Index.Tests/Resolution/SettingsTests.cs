using Exchange.Index.Resolution.Settings;

namespace Exchange.Index.Tests.Resolution;

public sealed class SettingsTests
{
    [Fact]
    public void The_shipped_graduate_settings_are_valid() =>
        Assert.Equal(["name", "birthDate", "school", "phone", "region", "sex", "linkageKey", "cohort"], Graduates.Schema.FieldNames);

    [Fact]
    public void Every_problem_is_named_with_its_path()
    {
        const string json = """
            {
              "fields": [ { "name": "name", "type": "name", "column": "xm" }, { "name": "dob", "type": "datum", "column": "csrq" } ],
              "comparisons": [
                { "name": "name", "field": "name", "levels": [ { "kind": "pinyin" }, { "kind": "day-month-swap" } ] },
                { "name": "school", "field": "school", "levels": [ { "kind": "exact" } ] }
              ],
              "blocking": { "rules": [ { "keys": [ "name:soundex" ] }, { "keys": [ "name" ], "missing": "dateOfBirth" } ] },
              "thresholds": { "link": 0.4, "review": 0.6 }
            }
            """;

        var e = Assert.Throws<ResolutionSettingsException>(() => ResolutionSettings.Parse(json));

        var codes = e.Problems.Select(p => (p.Path, p.Code)).ToList();
        Assert.Contains(("$.fields[1].type", SettingsProblem.Codes.UnknownType), codes);
        Assert.Contains(("$.comparisons[0].levels[1].kind", SettingsProblem.Codes.UnknownLevel), codes);
        Assert.Contains(("$.comparisons[1].field", SettingsProblem.Codes.UnknownField), codes);
        Assert.Contains(("$.blocking.rules[0].keys[0]", SettingsProblem.Codes.UnknownFunction), codes);
        Assert.Contains(("$.blocking.rules[1].missing", SettingsProblem.Codes.UnknownField), codes);
        Assert.Contains(("$.thresholds.review", SettingsProblem.Codes.InvalidValue), codes);
    }

    [Fact]
    public void A_misspelt_property_is_refused_rather_than_ignored()
    {
        var e = Assert.Throws<ResolutionSettingsException>(() => ResolutionSettings.Parse("""{ "feilds": [] }"""));
        Assert.Equal(SettingsProblem.Codes.Json, e.Problems[0].Code);
    }

    [Fact]
    public void Tests_train_on_smaller_samples_than_the_shipped_settings() =>
        Assert.Equal(100_000, Graduates.Quick.Settings.Training.RandomPairs);

    [Fact]
    public void Settings_round_trip_through_JSON()
    {
        var settings = ResolutionSettings.Graduate();
        var again = ResolutionSettings.Parse(settings.ToJson());
        Assert.Equal(settings.ToJson(), again.ToJson());
    }
}
