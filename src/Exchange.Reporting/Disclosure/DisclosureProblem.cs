namespace Exchange.Reporting.Disclosure;

/// <summary>One thing wrong with the input to disclosure control: a stable code, where, and what.</summary>
public sealed record DisclosureProblem(string Code, string Where, string Message)
{
    /// <summary>Stable codes; never renamed or reused. docs/disclosure.md lists their meanings.</summary>
    public static class Codes
    {
        public const string ThresholdBelowOne = "disclosure.threshold-below-one";
        public const string GroupBoundBelowOne = "disclosure.group-bound-below-one";
        public const string NegativeCount = "disclosure.negative-count";
        public const string NotAdditive = "disclosure.not-additive";
        public const string MissingCell = "disclosure.missing-cell";
        public const string DuplicateCell = "disclosure.duplicate-cell";
        public const string UnknownCode = "disclosure.unknown-code";
        public const string NotALeaf = "disclosure.not-a-leaf";
        public const string WrongArity = "disclosure.wrong-arity";
        public const string InvalidName = "disclosure.invalid-name";
        public const string DuplicateCode = "disclosure.duplicate-code";
        public const string UnknownParent = "disclosure.unknown-parent";
        public const string Unreachable = "disclosure.unreachable-node";
        public const string NoDimensions = "disclosure.no-dimensions";
        public const string DuplicateDimension = "disclosure.duplicate-dimension";
        public const string NoTables = "disclosure.no-tables";
        public const string LinkedCountConflict = "disclosure.linked-count-conflict";
        public const string MalformedPublication = "disclosure.malformed-publication";
    }
}

/// <summary>
/// Thrown when a table, a hierarchy or the rules cannot be protected as given. Bad input here is a
/// defect of the report that built it, not a runtime condition to route around, so it is thrown;
/// <see cref="Problems"/> carries every problem found, each with a stable code.
/// </summary>
public sealed class DisclosureInputException(IReadOnlyList<DisclosureProblem> problems)
    : Exception(string.Join("; ", problems.Take(10).Select(p => $"{p.Code} at {p.Where}: {p.Message}"))
        + (problems.Count > 10 ? $"; and {problems.Count - 10} more" : ""))
{
    public IReadOnlyList<DisclosureProblem> Problems { get; } = problems;

    internal static void ThrowIfAny(List<DisclosureProblem> problems)
    {
        if (problems.Count > 0)
            throw new DisclosureInputException(problems);
    }
}
