namespace Exchange.Reporting.Disclosure;

/// <summary>The disclosure rules a bureau's reports are protected under; docs/disclosure.md explains each.</summary>
public sealed record DisclosureRules
{
    /// <summary>A cell counting 1 to <c>Threshold − 1</c> people is sensitive. At least 1; 1 turns the rule off.</summary>
    public int Threshold { get; init; } = 5;

    /// <summary>
    /// The group-disclosure rule flags a group that falls wholly into one attribute category only
    /// while the group counts at most this many people; null flags groups of any size.
    /// </summary>
    public long? GroupDisclosureMaxTotal { get; init; }

    internal void Validate()
    {
        var problems = new List<DisclosureProblem>();
        if (Threshold < 1)
            problems.Add(new(DisclosureProblem.Codes.ThresholdBelowOne, nameof(Threshold), $"threshold {Threshold} is below 1"));
        if (GroupDisclosureMaxTotal is < 1)
            problems.Add(new(DisclosureProblem.Codes.GroupBoundBelowOne, nameof(GroupDisclosureMaxTotal), $"bound {GroupDisclosureMaxTotal} is below 1"));
        DisclosureInputException.ThrowIfAny(problems);
    }
}
