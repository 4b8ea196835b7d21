namespace Exchange.Index.Search;

/// <summary>
/// A hierarchical code as the range of codes below it, compared as text in the "C" collation: the
/// prefix <c>4101</c> covers <c>4101</c> up to (not including) <c>4102</c>, and <c>4109</c> up to
/// <c>410:</c> (the character after <c>9</c>). A range reads a btree index whatever the plan, where
/// <c>like '4101%'</c> with a parameter would not.
/// </summary>
/// <param name="From">The prefix itself, the first code in range.</param>
/// <param name="To">The first text past the range: the prefix with its last character raised by one.</param>
public sealed record CodeRange(string From, string To)
{
    /// <summary>The range of codes that start with <paramref name="prefix"/>.</summary>
    public static CodeRange Of(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return new CodeRange(prefix, string.Concat(prefix.AsSpan(0, prefix.Length - 1), ((char)(prefix[^1] + 1)).ToString()));
    }
}
