namespace Exchange.Reporting.Disclosure;

/// <summary>What a dimension says about the people counted, which decides the zero-cell rule.</summary>
public enum DimensionRole
{
    /// <summary>
    /// A characteristic of the person (disadvantaged category, disability, destination). When a
    /// group falls wholly into one of its nodes, publishing that tells every member's value, so the
    /// group-disclosure rule applies along it. The default, because forgetting it would under-protect.
    /// </summary>
    Attribute,

    /// <summary>
    /// A way of forming groups (region, cohort, institution) whose node a reader is assumed to know
    /// already for the person they look for; the group-disclosure rule is not applied along it.
    /// </summary>
    Grouping,
}
