using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Hub.Search;
using Exchange.Index.Search;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Exchange.Hub.Tests.Search;

/// <summary>Each search parameter refuses what it does not take, naming itself; good values become the filter the index reads.</summary>
public sealed class SearchParameterTests
{
    private static readonly DateOnly Today = new(2026, 7, 1);
    private static readonly SearchCursors Cursors = new([.. Enumerable.Range(1, 32).Select(i => (byte)i)]);
    private static readonly ClientIdentity Caller = new("matcher", "91110000MA00000001", PartyRole.Matcher, new HashSet<string> { "index:read" });
    private static readonly SearchCursor GraduateCursors = Cursors.For(SearchCursors.Graduates, Caller, Purpose.Matching);
    private static readonly SearchCursor VacancyCursors = Cursors.For(SearchCursors.Vacancies, Caller, Purpose.Matching);

    [Theory]
    [InlineData("region", "4")]
    [InlineData("region", "4199")]
    [InlineData("region", "990000")]
    [InlineData("region", "41010")]
    [InlineData("education", "2")]
    [InlineData("education", "99")]
    [InlineData("major", "08090")]
    [InlineData("major", "080901X")]
    [InlineData("cohort", "26")]
    [InlineData("cohort", "2026a")]
    [InlineData("skills", "Excel,,SQL")]
    [InlineData("accommodation", "")]
    [InlineData("policy", "POL-1")]
    [InlineData("policy", "a/b/c")]
    [InlineData("available", "yes")]
    [InlineData("limit", "0")]
    [InlineData("limit", "201")]
    [InlineData("cursor", "not-a-cursor")]
    [InlineData("sort", "name")]
    public void A_bad_graduate_parameter_is_named_in_the_problem(string name, string value)
    {
        var problems = new List<SearchProblem>();

        var query = SearchParameters.ParseGraduates(Query((name, value)), Today, GraduateCursors, problems);

        Assert.Null(query);
        var problem = Assert.Single(problems);
        Assert.Equal(name, problem.Parameter);
        Assert.Contains(name, problem.Message, StringComparison.Ordinal);
        if (problem.Code == SearchProblem.InvalidParameter)
            Assert.Contains($"'{value}'", problem.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(problem.MessageZh));
    }

    [Theory]
    [InlineData("region", "41x")]
    [InlineData("education", "x1")]
    [InlineData("major", "abc")]
    [InlineData("skills", ",")]
    [InlineData("accessibility", "no-such-feature")]
    [InlineData("inclusive", "no-such-flag")]
    [InlineData("validOn", "2026-13-01")]
    [InlineData("limit", "many")]
    [InlineData("cohort", "2026")]
    public void A_bad_vacancy_parameter_is_named_in_the_problem(string name, string value)
    {
        var problems = new List<SearchProblem>();

        Assert.Null(SearchParameters.ParseVacancies(Query((name, value)), Today, VacancyCursors, problems));

        Assert.Equal(name, Assert.Single(problems).Parameter);
    }

    [Fact]
    public void A_graduate_cursor_is_refused_by_the_vacancy_search_and_a_parameter_given_twice_is_refused()
    {
        var problems = new List<SearchProblem>();
        var cursor = Cursors.For(SearchCursors.Graduates, Caller, Purpose.Matching).Seal(42);

        Assert.Null(SearchParameters.ParseVacancies(Query(("cursor", cursor)), Today, VacancyCursors, problems));
        Assert.Equal("cursor", Assert.Single(problems).Parameter);

        problems.Clear();
        var twice = new QueryCollection(new Dictionary<string, StringValues> { ["region"] = new(["41", "51"]) });
        Assert.Null(SearchParameters.ParseGraduates(twice, Today, GraduateCursors, problems));
        Assert.Equal("region", Assert.Single(problems).Parameter);
    }

    [Fact]
    public void A_cursor_opens_only_for_the_search_caller_and_purpose_it_was_sealed_for()
    {
        var cursor = GraduateCursors.Seal(42);
        var otherCaller = new ClientIdentity("matcher-2", "91110000MA00000002", PartyRole.Matcher, new HashSet<string> { "index:read" });

        Assert.True(GraduateCursors.TryOpen(cursor, out var after));
        Assert.Equal(42, after);
        Assert.False(Cursors.For(SearchCursors.Graduates, otherCaller, Purpose.Matching).TryOpen(cursor, out _));
        Assert.False(Cursors.For(SearchCursors.Graduates, Caller, Purpose.Research).TryOpen(cursor, out _));
        Assert.False(VacancyCursors.TryOpen(cursor, out _));
        Assert.False(GraduateCursors.TryOpen(cursor[..^2] + (cursor[^2] == 'A' ? "B" : "A") + cursor[^1], out _));
        // Sealed afresh each time: two cursors of one position cannot be compared.
        Assert.NotEqual(cursor, GraduateCursors.Seal(42));
    }

    [Theory]
    [InlineData("41", "41", "42")]
    [InlineData("410000", "41", "42")]
    [InlineData("4101", "4101", "4102")]
    [InlineData("410100", "4101", "4102")]
    [InlineData("410102", "410102", "410103")]
    [InlineData("4109", "4109", "410:")]
    public void A_province_or_prefecture_becomes_the_range_of_the_codes_below_it(string region, string from, string to)
    {
        var problems = new List<SearchProblem>();

        Assert.Equal(new CodeRange(from, to), SearchParameters.Region(region, problems));
        Assert.Empty(problems);
    }

    [Fact]
    public void Good_graduate_parameters_become_the_filter_and_name_the_fields_they_read()
    {
        var problems = new List<SearchProblem>();

        var query = SearchParameters.ParseGraduates(Query(("purpose", "matching"), ("region", "4101"), ("education", "20"), ("major", "1202"), ("cohort", "2026"),
            ("skills", "Excel, SQL"), ("accommodation", "screen-reader"), ("policy", "11410000MB0000001X/POL-1"), ("available", "true"), ("limit", "10"),
            ("cursor", GraduateCursors.Seal(7))), Today, GraduateCursors, problems);

        Assert.Empty(problems);
        Assert.NotNull(query);
        Assert.Equal(new GraduateFilter(CodeRange.Of("4101"), CodeRange.Of("2"), null, "1202", 2026, query.Filter.Skills, query.Filter.AccommodationNeeds,
            new PolicyReference("11410000MB0000001X", "POL-1"), true, Today), query.Filter);
        Assert.Equal(["Excel", "SQL"], query.Filter.Skills);
        Assert.Equal((7L, 10), (query.After, query.Limit));
        Assert.Equal(
            ["certification/certificationType", "derived/eligibility/eligible", "graduate/accommodationNeeds", "graduate/cohort", "graduate/educationLevel", "graduate/majorCode",
             "graduate/originRegion", "graduate/skills", "placement/destinationCode"],
            query.FilteredFields.Order(StringComparer.Ordinal));
    }

    private static QueryCollection Query(params (string Name, string Value)[] values) =>
        new(values.ToDictionary(v => v.Name, v => new StringValues(v.Value)));
}
