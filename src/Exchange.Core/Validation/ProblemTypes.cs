namespace Exchange.Core.Validation;

/// <summary>
/// The RFC 9457 problem <c>type</c> URIs the hub answers with: one prefix, one name per kind of
/// problem, so that clients can switch on them and they never drift apart.
/// </summary>
public static class ProblemTypes
{
    /// <summary>What every problem type of the hub starts with.</summary>
    public const string Prefix = "https://graduate-exchange.org/problems/";

    /// <summary>The type URI of a named problem, e.g. <c>invalid-record</c>.</summary>
    public static string For(string name) => Prefix + name;
}
