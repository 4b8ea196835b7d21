using System.Globalization;
using Exchange.Access.Audit;
using Exchange.Hub.Ui.Agreements;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Audit;

/// <summary>
/// The audit page's filters, as its address carries them: the filters of
/// <c>GET /v1/steward/audit</c> (subject handle, caller, from, until, decision, action, rule) and its keyset <c>after</c>.
/// </summary>
public sealed class AuditFilter
{
    public const string Subject = "subject";
    public const string Caller = "caller";
    public const string From = "from";
    public const string Until = "until";
    public const string Decision = "decision";
    public const string Action = "action";
    public const string Rule = "rule";

    /// <summary>Entries a page shows.</summary>
    public const int PageSize = 50;

    [FromQuery(Name = "subject")] public string? SubjectHandle { get; set; }
    [FromQuery(Name = "caller")] public string? CallerText { get; set; }
    [FromQuery(Name = "from")] public string? FromText { get; set; }
    [FromQuery(Name = "until")] public string? UntilText { get; set; }
    [FromQuery(Name = "decision")] public string? DecisionText { get; set; }
    [FromQuery(Name = "action")] public string? ActionText { get; set; }
    [FromQuery(Name = "rule")] public string? RuleText { get; set; }
    [FromQuery(Name = "after")] public long? After { get; set; }

    /// <summary>The query filter, or the problems of the times typed, each on its field.</summary>
    public (AuditQueryFilter? Filter, FormProblems Problems) ToQuery()
    {
        var problems = new FormProblems { FieldOrder = [Subject, Caller, From, Until, Decision, Action, Rule] };
        var from = ParseTime(FromText, From, problems);
        var until = ParseTime(UntilText, Until, problems);
        var decision = Blank(DecisionText);
        if (decision is not null && !AuditQueryFilter.Decisions.Contains(decision))
            problems.Add(AuditTexts.Problem(Decision, a => a.DecisionInvalid));
        return problems.Any
            ? (null, problems)
            : (new AuditQueryFilter(Blank(SubjectHandle), Blank(CallerText), from, until, decision, Blank(ActionText), Blank(RuleText)), problems);
    }

    /// <summary>The address of the page of entries after <paramref name="after"/>, with these filters.</summary>
    public string PageAddress(long? after)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
                query.Add($"{name}={Uri.EscapeDataString(value.Trim())}");
        }
        Add(Subject, SubjectHandle);
        Add(Caller, CallerText);
        Add(From, FromText);
        Add(Until, UntilText);
        Add(Decision, DecisionText);
        Add(Action, ActionText);
        Add(Rule, RuleText);
        if (after is > 0)
            query.Add($"after={after.Value.ToString(CultureInfo.InvariantCulture)}");
        return query.Count == 0 ? UiPaths.Audit : $"{UiPaths.Audit}?{string.Join('&', query)}";
    }

    private static DateTimeOffset? ParseTime(string? text, string field, FormProblems problems)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            return at;
        problems.Add(AuditTexts.Problem(field, a => a.TimeInvalid));
        return null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
