using CsCheck;
using Exchange.Access.Agreements;

namespace Exchange.Access.Tests.Decisions;

/// <summary>The generators of categories and purposes the no-leak property tests share.</summary>
internal static class PolicyGenerators
{
    /// <summary>Any non-empty set of categories.</summary>
    public static readonly Gen<HashSet<DataCategory>> Categories = Gen.Int[1, 127].Select(mask =>
        Enum.GetValues<DataCategory>().Where(c => (mask & (1 << (int)c)) != 0).ToHashSet());

    /// <summary>A consent's categories: usually separate (as the stores insist), sometimes mixed (as a faulty source might send).</summary>
    public static readonly Gen<HashSet<DataCategory>> ConsentCategories = Gen.Select(Categories, Gen.Int[0, 9], (categories, shape) =>
    {
        var sensitive = categories.Where(c => c.IsSensitive()).ToHashSet();
        var other = categories.Where(c => !c.IsSensitive()).ToHashSet();
        return shape switch
        {
            < 4 when sensitive.Count > 0 => sensitive,
            < 8 when other.Count > 0 => other,
            _ => categories,
        };
    });

    /// <summary>Any non-empty set of purposes.</summary>
    public static readonly Gen<HashSet<Purpose>> Purposes = Gen.Int[1, 15].Select(mask =>
        Enum.GetValues<Purpose>().Where(p => (mask & (1 << (int)p)) != 0).ToHashSet());
}
