using Exchange.Reporting.Disclosure;

namespace Exchange.Reporting.Statistics;

/// <summary>
/// How reports are protected and judged (section <c>Exchange:Reports</c>): the disclosure threshold,
/// by default and per bureau, and the fairness bound. docs/reports.md describes each setting.
/// </summary>
public sealed class ReportOptions
{
    public const string Section = "Exchange:Reports";

    /// <summary>Counts from 1 to <c>Threshold − 1</c> are hidden; 5 unless a bureau sets its own.</summary>
    public int Threshold { get; set; } = 5;

    /// <summary>A bureau's own threshold, by its credit code.</summary>
    public Dictionary<string, int> ThresholdByOrganisation { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The group-disclosure rule flags groups of at most this many people; null flags any size.</summary>
    public long? GroupDisclosureMaxTotal { get; set; }

    /// <summary>A disparate-impact ratio below this is flagged (the four-fifths rule).</summary>
    public double FairnessBound { get; set; } = 0.8;

    /// <summary>How long one report query may run.</summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Memory, in megabytes, each sort or hash of a report's queries may use before it spills to
    /// disk (PostgreSQL's work_mem, for the report's transaction alone). A report over a million
    /// graduates sorts and hashes tables of that size.
    /// </summary>
    public int QueryWorkMemoryMegabytes { get; set; } = 64;

    /// <summary>The rules for one caller's reports.</summary>
    public DisclosureRules RulesFor(string organisation) => new()
    {
        Threshold = ThresholdByOrganisation.TryGetValue(organisation, out var own) ? own : Threshold,
        GroupDisclosureMaxTotal = GroupDisclosureMaxTotal,
    };

    /// <summary>What is wrong with the settings, for validation on start.</summary>
    public static IEnumerable<string> Problems(ReportOptions options)
    {
        if (options.Threshold < 1)
            yield return $"{Section}:Threshold must be at least 1 (it is {options.Threshold}).";
        foreach (var (organisation, threshold) in options.ThresholdByOrganisation.Where(p => p.Value < 1))
            yield return $"{Section}:ThresholdByOrganisation:{organisation} must be at least 1 (it is {threshold}).";
        if (options.GroupDisclosureMaxTotal is < 1)
            yield return $"{Section}:GroupDisclosureMaxTotal must be at least 1 when set.";
        if (options.QueryTimeout <= TimeSpan.Zero)
            yield return $"{Section}:QueryTimeout must be positive.";
        if (options.QueryWorkMemoryMegabytes is < 1 or > 2048)
            yield return $"{Section}:QueryWorkMemoryMegabytes must be from 1 to 2048 (it is {options.QueryWorkMemoryMegabytes}).";
        if (options.FairnessBound is <= 0 or > 1)
            yield return $"{Section}:FairnessBound must be above 0 and at most 1 (it is {options.FairnessBound}).";
    }
}
