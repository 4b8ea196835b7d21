using System.Text.Json;
using Exchange.Index.Merging;
using Exchange.Index.Resolution.Comparisons;
using Exchange.Index.Resolution.Features;
using Exchange.Index.Resolution.Scoring;
using Exchange.Index.Resolution.Settings;

namespace Exchange.Index.Tests.Resolution;

/// <summary>
/// The cohort tells two namesakes apart where a birth date is missing, and stays silent where both
/// records hold one: it mostly follows the birth year, and counting it there would count one
/// piece of evidence twice.
/// </summary>
public sealed class CohortComparisonTests
{
    private static ComparisonSpec Cohort => Graduates.Schema.Comparisons.Single(c => c.Name == "cohort");

    private static string Level(RecordFeatures a, RecordFeatures b) => Cohort.LabelOf(LevelEvaluator.Level(Cohort, a, b));

    [Fact]
    public void The_cohort_counts_only_where_one_record_or_both_lack_a_birth_date()
    {
        var withBirthDate = Graduates.Record("u", ("name", "王琳"), ("birthDate", "2001-05-10"), ("cohort", "2023"));
        var sameBirthDate = Graduates.Record("c", ("name", "王琳"), ("birthDate", "2001-05-10"), ("cohort", "2023"));
        var otherCohort = Graduates.Record("d", ("name", "王琳"), ("birthDate", "2001-05-10"), ("cohort", "2026"));
        var without = Graduates.Record("p", ("name", "王琳"), ("cohort", "2023"));
        var withoutOther = Graduates.Record("q", ("name", "王琳"), ("cohort", "2026"));

        Assert.Equal("null", Level(withBirthDate, sameBirthDate));
        Assert.Equal("null", Level(withBirthDate, otherCohort));
        Assert.Equal("exact", Level(withBirthDate, without));
        Assert.Equal("else", Level(withBirthDate, withoutOther));
        Assert.Equal("exact", Level(without, Graduates.Record("r", ("name", "王琳"), ("cohort", "2023"))));
    }

    [Fact]
    public void Under_the_shipped_model_a_namesake_of_another_cohort_weighs_less_and_one_of_the_same_cohort_more()
    {
        var model = new ResolutionOptions().LoadModel()!;
        var scorer = new PairScorer(model);
        var university = Graduates.Record("u", ("name", "王琳"), ("birthDate", "2001-05-10"), ("sex", "2"), ("cohort", "2023"));
        var placement = Graduates.Record("p", ("name", "王琳"), ("sex", "2"));
        var sameCohort = Graduates.Record("p", ("name", "王琳"), ("sex", "2"), ("cohort", "2023"));
        var otherCohort = Graduates.Record("p", ("name", "王琳"), ("sex", "2"), ("cohort", "2026"));

        var without = scorer.Weight(university, placement);
        Assert.True(scorer.Weight(university, sameCohort) > without + 2, "the same cohort adds at least two bits");
        Assert.True(scorer.Weight(university, otherCohort) < without - 2, "another cohort takes at least two bits away");
        var evidence = scorer.Explain(university, sameCohort).Comparisons.Single(c => c.Comparison == "cohort");
        Assert.Equal("exact", evidence.Label);
    }

    [Fact]
    public void A_rule_blocked_on_birth_dates_does_not_train_the_cohort_and_one_blocked_on_names_does()
    {
        var rules = Graduates.Schema.TrainingRules;
        var cohort = Cohort.Index;
        Assert.False(rules.Single(r => r.Name == "birthDate").Trained[cohort]);
        Assert.True(rules.Single(r => r.Name == "name:pinyin").Trained[cohort]);
    }

    [Fact]
    public void A_comparison_may_wait_only_on_a_declared_field_other_than_its_own()
    {
        const string json = """
            {
              "fields": [ { "name": "name", "type": "name", "column": "xm" }, { "name": "cohort", "type": "code", "column": "jb" } ],
              "comparisons": [
                { "name": "name", "field": "name", "levels": [ { "kind": "exact" } ] },
                { "name": "cohort", "field": "cohort", "levels": [ { "kind": "exact" } ], "missing": "dateOfBirth" },
                { "name": "cohort-again", "field": "cohort", "levels": [ { "kind": "exact" } ], "missing": "cohort" }
              ],
              "blocking": { "rules": [ { "keys": [ "name" ] } ] }
            }
            """;

        var e = Assert.Throws<ResolutionSettingsException>(() => ResolutionSchema.Compile(ResolutionSettings.Parse(json)));

        var codes = e.Problems.Select(p => (p.Path, p.Code)).ToList();
        Assert.Contains(("$.comparisons[1].missing", SettingsProblem.Codes.UnknownField), codes);
        Assert.Contains(("$.comparisons[2].missing", SettingsProblem.Codes.InvalidValue), codes);
    }

    [Fact]
    public void The_merger_reads_a_graduate_record_s_cohort()
    {
        using var record = JsonDocument.Parse("""{ "recordId": "U-1", "name": "王琳", "birthDate": "2001-05-10", "cohort": 2023 }""");

        var values = new GraduateFieldValues(Graduates.Schema).Read(record.RootElement, linkageKey: null);

        Assert.Equal("2023", values[Graduates.IndexOf("cohort")]);
        Assert.Null(values[Graduates.IndexOf("linkageKey")]);
    }
}
