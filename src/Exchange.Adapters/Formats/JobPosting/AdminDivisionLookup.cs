using Exchange.Core.Codes;

namespace Exchange.Adapters.Formats.JobPosting;

/// <summary>
/// Finds a GB/T 2260 code from the names in a postal address: the locality (prefecture or
/// county) within the region (province or prefecture), by Chinese name with or without its
/// suffix (广东 = 广东省). Only codes in use now are considered.
/// </summary>
internal sealed class AdminDivisionLookup
{
    private static readonly string[] s_suffixes =
        ["省", "市", "区", "县", "自治区", "自治州", "自治县", "地区", "盟", "旗", "特别行政区", "壮族自治区", "回族自治区", "维吾尔自治区"];

    private readonly CodeList _list;
    private readonly ILookup<string, CodeEntry> _byName;

    public AdminDivisionLookup(CodeListCatalog codes)
    {
        _list = codes[CodeListNames.AdminDivision];
        _byName = _list.Entries.Where(e => e.IsCurrent).ToLookup(e => e.Zh, StringComparer.Ordinal);
    }

    /// <summary>The code, or null with the reason.</summary>
    public (string? Code, string? Why) Resolve(string? region, string? locality)
    {
        foreach (var explicitCode in new[] { locality, region })
        {
            if (explicitCode is { Length: 6 } && explicitCode.All(char.IsAsciiDigit))
                return _list.Check(explicitCode, null) == CodeCheck.InUse ? (explicitCode, null) : (null, $"'{explicitCode}' is not a GB/T 2260 code in use");
        }

        var regions = region is null ? [] : Named(region).ToList();
        if (locality is not null)
        {
            var localities = Named(locality).Where(l => regions.Count == 0 || regions.Any(r => IsWithin(l, r.Code))).ToList();
            if (localities.Count == 1)
                return (localities[0].Code, null);
            if (localities.Count > 1)
                return (null, $"the locality names {localities.Count} divisions; give addressRegion");
        }
        if (regions.Count == 1)
            return (regions[0].Code, null);
        return (null, regions.Count > 1 ? "the region names several divisions" : "no division of that name");
    }

    private IEnumerable<CodeEntry> Named(string name)
    {
        name = name.Trim();
        var exact = _byName[name].ToList();
        return exact.Count > 0 ? exact : s_suffixes.SelectMany(s => _byName[name + s]);
    }

    private bool IsWithin(CodeEntry entry, string ancestor)
    {
        for (var parent = entry.Parent; parent is not null; parent = _list.Find(parent)?.Parent)
        {
            if (parent == ancestor)
                return true;
        }
        return false;
    }
}
