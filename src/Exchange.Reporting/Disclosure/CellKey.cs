namespace Exchange.Reporting.Disclosure;

/// <summary>
/// The identity of a figure across tables: the <c>dimension=code</c> pairs that restrict it, sorted by
/// dimension name. Two tables that hold the same key hold the same figure, so protecting linked
/// tables treats it as one unknown. A dimension at a root declared unrestricted adds no pair, which
/// is how region×category and region×education share their region totals.
/// </summary>
public readonly record struct CellKey(string Value)
{
    internal const char PairSeparator = '|';
    internal const char CodeSeparator = '=';

    internal static CellKey From(IEnumerable<(string Dimension, string Code)> restrictions) =>
        new(string.Join(PairSeparator, restrictions
            .OrderBy(r => r.Dimension, StringComparer.Ordinal)
            .Select(r => r.Dimension + CodeSeparator + r.Code)));

    public override string ToString() => Value.Length == 0 ? "(everyone)" : Value;
}
