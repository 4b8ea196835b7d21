using System.Globalization;
using System.Text.RegularExpressions;
using Exchange.Core.Codes;
using Exchange.Index.Search;

namespace Exchange.Hub.Search;

/// <summary>A graduate search as asked: its filter, where the page starts, its size, the fields asked for and the fields it filters on.</summary>
internal sealed record GraduateQuery(GraduateFilter Filter, long After, int Limit, IReadOnlySet<string>? Fields, IReadOnlySet<string> FilteredFields);

/// <summary>A vacancy search as asked.</summary>
internal sealed record VacancyQuery(VacancyFilter Filter, long After, int Limit);

/// <summary>
/// Reads and checks the query parameters of a search. Every parameter at fault is named, each
/// once; a parameter the search does not take, or one given twice, is a fault too.
/// </summary>
internal static partial class SearchParameters
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    private const int MaxListItems = 20;
    private const int MaxItemLength = 64;

    private static readonly string[] GraduateNames =
        ["purpose", "fields", "limit", "cursor", "region", "education", "major", "cohort", "skills", "accommodation", "policy", "available"];

    private static readonly string[] VacancyNames =
        ["purpose", "limit", "cursor", "region", "education", "major", "skills", "accessibility", "inclusive", "validOn"];

    public static GraduateQuery? ParseGraduates(IQueryCollection query, DateOnly today, SearchCursor cursors, List<SearchProblem> problems)
    {
        Common(query, GraduateNames, problems);
        var filtered = new HashSet<string>(StringComparer.Ordinal);
        string? Filter(string name, string field)
        {
            var value = Single(query, name);
            if (value is not null)
                filtered.Add(field);
            return value;
        }

        var region = Filter("region", "graduate/originRegion") is { } r ? Region(r, problems) : null;
        var education = Filter("education", "graduate/educationLevel") is { } e ? Education(e, problems) : null;
        var (majorCode, majorGroup) = Filter("major", "graduate/majorCode") is { } m ? Major(m, problems) : (null, null);
        var cohort = Filter("cohort", "graduate/cohort") is { } c ? Cohort(c, problems) : null;
        var skills = Filter("skills", "graduate/skills") is { } s ? List("skills", s, problems) : null;
        var needs = Filter("accommodation", "graduate/accommodationNeeds") is { } a ? List("accommodation", a, problems) : null;
        var policy = Filter("policy", "derived/eligibility/eligible") is { } p ? Policy(p, problems) : null;
        if (policy is not null)
        {
            // A policy's terms read the graduate's education level and cohort too, and the type of
            // its certifications: a policy for disability alone would otherwise tell who is disabled.
            filtered.Add("graduate/educationLevel");
            filtered.Add("graduate/cohort");
            filtered.Add("certification/certificationType");
        }
        var available = Filter("available", "placement/destinationCode") is { } v ? Boolean("available", v, problems) : null;
        var fields = Single(query, "fields")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var after = After(query, cursors, problems);
        var limit = Limit(query, problems);
        return problems.Count > 0
            ? null
            : new GraduateQuery(new GraduateFilter(region, education, majorCode, majorGroup, cohort, skills, needs, policy, available, today),
                after, limit, fields, filtered);
    }

    public static VacancyQuery? ParseVacancies(IQueryCollection query, DateOnly today, SearchCursor cursors, List<SearchProblem> problems)
    {
        Common(query, VacancyNames, problems);
        var region = Single(query, "region") is { } r ? Region(r, problems) : null;
        var education = Single(query, "education") is { } e ? Education(e, problems) : null;
        var (majorCode, majorGroup) = Single(query, "major") is { } m ? Major(m, problems) : (null, null);
        var skills = Single(query, "skills") is { } s ? List("skills", s, problems) : null;
        var features = Single(query, "accessibility") is { } a ? Coded("accessibility", a, "accessibility-feature", problems) : null;
        var flags = Single(query, "inclusive") is { } i ? Coded("inclusive", i, "inclusive-hiring", problems) : null;
        var validOn = today;
        if (Single(query, "validOn") is { } day && !DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out validOn))
            problems.Add(SearchProblem.Invalid("validOn", day, "a day as yyyy-MM-dd", "形如 yyyy-MM-dd 的日期"));
        var after = After(query, cursors, problems);
        var limit = Limit(query, problems);
        return problems.Count > 0
            ? null
            : new VacancyQuery(new VacancyFilter(region, education, majorCode, majorGroup, skills, features, flags, validOn), after, limit);
    }

    private static void Common(IQueryCollection query, string[] names, List<SearchProblem> problems)
    {
        foreach (var (name, values) in query)
        {
            if (!names.Contains(name, StringComparer.Ordinal))
                problems.Add(SearchProblem.Unknown(name, string.Join(", ", names)));
            else if (values.Count > 1)
                problems.Add(SearchProblem.Repeated(name, values.Count));
        }
    }

    // A parameter given twice is already a problem: it is not read at all.
    private static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;

    /// <summary>
    /// A GB/T 2260 code: a province (<c>41</c> or <c>410000</c>), a prefecture (<c>4101</c> or
    /// <c>410100</c>) or a county (<c>410102</c>), as the range of codes it covers.
    /// </summary>
    internal static CodeRange? Region(string value, List<SearchProblem> problems)
    {
        var prefix = RegionPattern().IsMatch(value)
            ? value.Length == 6 && value.EndsWith("0000", StringComparison.Ordinal) ? value[..2]
            : value.Length == 6 && value.EndsWith("00", StringComparison.Ordinal) ? value[..4]
            : value
            : null;
        var full = prefix?.PadRight(6, '0');
        if (prefix is null || prefix.EndsWith("00", StringComparison.Ordinal) || !CodeListCatalog.Shipped["admin-division"].Contains(full!))
        {
            problems.Add(SearchProblem.Invalid("region", value, "a GB/T 2260 province, prefecture or county code (41, 4101, 410100, 410102)",
                "GB/T 2260 省、地市或区县代码（41、4101、410100、410102）"));
            return null;
        }
        return CodeRange.Of(prefix);
    }

    /// <summary>A GB/T 4658 education level; a stage heading (ending in 0) covers the stage's levels.</summary>
    internal static CodeRange? Education(string value, List<SearchProblem> problems)
    {
        if (!EducationPattern().IsMatch(value) || !CodeListCatalog.Shipped["education-level"].Contains(value))
        {
            problems.Add(SearchProblem.Invalid("education", value, "a GB/T 4658 education level code (21, or 20 for the whole stage)",
                "GB/T 4658 学历代码（21，或以 20 表示整个层次）"));
            return null;
        }
        return CodeRange.Of(value.EndsWith('0') ? value[..1] : value);
    }

    /// <summary>A major code (six digits, K or T allowed after) or a major group (its first four digits).</summary>
    internal static (string? Code, string? Group) Major(string value, List<SearchProblem> problems)
    {
        if (MajorGroupPattern().IsMatch(value))
            return (null, value);
        if (MajorCodePattern().IsMatch(value))
            return (value, null);
        problems.Add(SearchProblem.Invalid("major", value, "a major code (080901, 120203K) or a major group of four digits (0809)",
            "专业代码（080901、120203K）或四位专业类代码（0809）"));
        return (null, null);
    }

    private static int? Cohort(string value, List<SearchProblem> problems)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1980 and <= 2100)
            return year;
        problems.Add(SearchProblem.Invalid("cohort", value, "a graduating year from 1980 to 2100", "1980 至 2100 之间的毕业年份"));
        return null;
    }

    private static string[]? List(string name, string value, List<SearchProblem> problems)
    {
        var items = value.Split(',', StringSplitOptions.TrimEntries);
        if (items.Length is 0 or > MaxListItems || items.Any(i => i.Length is 0 or > MaxItemLength))
        {
            problems.Add(SearchProblem.Invalid(name, value, $"a comma-separated list of 1 to {MaxListItems} values, each 1 to {MaxItemLength} characters",
                $"以逗号分隔的 1 至 {MaxListItems} 个值，每个 1 至 {MaxItemLength} 个字符"));
            return null;
        }
        return [.. items.Distinct(StringComparer.Ordinal)];
    }

    private static string[]? Coded(string name, string value, string codeList, List<SearchProblem> problems)
    {
        var items = List(name, value, problems);
        if (items is null)
            return null;
        var list = CodeListCatalog.Shipped[codeList];
        if (items.All(list.Contains))
            return items;
        problems.Add(SearchProblem.Invalid(name, value, $"codes of the code list {codeList}", $"代码表 {codeList} 中的代码"));
        return null;
    }

    private static PolicyReference? Policy(string value, List<SearchProblem> problems)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash is > 0 and <= MaxItemLength && value.Length - slash - 1 is > 0 and <= MaxItemLength && value.IndexOf('/', slash + 1) < 0)
            return new PolicyReference(value[..slash], value[(slash + 1)..]);
        problems.Add(SearchProblem.Invalid("policy", value, "a policy as sender/recordId (11410000MB0000001X/POL-2026-01)",
            "以 发送方/记录标识 指明的政策（11410000MB0000001X/POL-2026-01）"));
        return null;
    }

    private static bool? Boolean(string name, string value, List<SearchProblem> problems)
    {
        if (value is "true" or "false")
            return value == "true";
        problems.Add(SearchProblem.Invalid(name, value, "true or false", "true 或 false"));
        return null;
    }

    private static long After(IQueryCollection query, SearchCursor cursors, List<SearchProblem> problems)
    {
        if (Single(query, "cursor") is not { } cursor)
            return 0;
        if (cursors.TryOpen(cursor, out var after))
            return after;
        problems.Add(SearchProblem.Invalid("cursor", cursor, "the cursor of a next link this search gave this client for this purpose, unchanged", "本检索为同一客户端、同一目的给出的下一页链接中的游标，原样给出"));
        return 0;
    }

    private static int Limit(IQueryCollection query, List<SearchProblem> problems)
    {
        if (Single(query, "limit") is not { } value)
            return DefaultLimit;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= MaxLimit)
            return limit;
        problems.Add(SearchProblem.Invalid("limit", value, $"a whole number from 1 to {MaxLimit}", $"1 至 {MaxLimit} 之间的整数"));
        return DefaultLimit;
    }

    [GeneratedRegex(@"^([0-9]{2}|[0-9]{4}|[0-9]{6})$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^[0-9]{2}$")]
    private static partial Regex EducationPattern();

    [GeneratedRegex(@"^[0-9]{4}$")]
    private static partial Regex MajorGroupPattern();

    [GeneratedRegex(@"^[0-9]{6}[KT]{0,2}$")]
    private static partial Regex MajorCodePattern();
}
