using System.Globalization;
using Exchange.Core.Codes;

namespace Exchange.Core.Tests;

/// <summary>
/// The code-list and major-catalogue lookups answer from sets built once; these tests hold them
/// to the definitions they replace, which scan the lists' entries, over every listed code and
/// many generated ones.
/// </summary>
public sealed class PrecomputedCodeLookupTests(ValidatorFixture fixture) : IClassFixture<ValidatorFixture>
{
    private static readonly (string Digits, string List)[] s_families =
    [
        ("01", CodeListNames.MajorUndergraduate),
        ("23", CodeListNames.MajorVocational),
        ("45", CodeListNames.MajorVocational),
        ("67", CodeListNames.MajorVocational),
    ];

    private static CodeCheck ScanCheck(CodeList list, string code, DateOnly? asOf)
    {
        var periods = list.Entries.Where(e => e.Code == code).ToList();
        if (periods.Count == 0)
            return CodeCheck.Unknown;
        if (periods.Any(p => p.IsCurrent))
            return CodeCheck.InUse;
        return asOf is { } day && periods.Any(p => p.InUseOn(day)) ? CodeCheck.InUseThen : CodeCheck.Retired;
    }

    private CodeList? ScanListFor(string code)
    {
        var family = s_families.FirstOrDefault(f => code.Length > 0 && f.Digits.Contains(code[0], StringComparison.Ordinal));
        var list = fixture.Codes.Lists.FirstOrDefault(l => l.Name == family.List);
        if (family.List is null || list is null)
            return null;
        return list.Entries.Any(e => e.Code.Length == 2 && family.Digits.Contains(e.Code[0], StringComparison.Ordinal)) ? list : null;
    }

    private MajorCheck ScanMajorCheck(MajorCatalogue catalogue, string code)
    {
        if (code.Length < 6 || !code[..6].All(char.IsAsciiDigit) || !s_families.Any(f => f.Digits.Contains(code[0], StringComparison.Ordinal)))
            return MajorCheck.Unknown;
        var list = ScanListFor(code);
        if (list is null)
            return MajorCheck.FamilyNotLoaded;
        if (list.Entries.Any(e => e.Code.Length >= 6 && e.Code.StartsWith(code[..6], StringComparison.Ordinal)))
            return MajorCheck.Listed;
        // Past this point the catalogue runs the same numbering rules over the same entries.
        return catalogue.Check(code) == MajorCheck.Listed ? (MajorCheck)(-1) : catalogue.Check(code);
    }

    private static IEnumerable<string> GeneratedCodes(IEnumerable<string> listed, int seed)
    {
        var random = new Random(seed);
        foreach (var code in listed)
        {
            yield return code;
            yield return code + "K";
            if (code.Length >= 6)
            {
                yield return code[..4] + random.Next(100).ToString("00", CultureInfo.InvariantCulture);
                yield return code[..2] + random.Next(100).ToString("00", CultureInfo.InvariantCulture) + code[4..6];
            }
            if (code.Length > 1)
                yield return code[..^1];
        }
        for (var i = 0; i < 3000; i++)
            yield return random.Next(1_000_000).ToString("000000", CultureInfo.InvariantCulture);
        yield return "";
        yield return "08090X";
        yield return "9";
        yield return "0809";
    }

    [Fact]
    public void Code_list_checks_match_a_scan_of_the_entries_for_every_list_and_date()
    {
        DateOnly?[] dates = [null, new DateOnly(1990, 6, 1), new DateOnly(2005, 1, 1), new DateOnly(2015, 12, 31), new DateOnly(2030, 1, 1)];
        var compared = 0;
        foreach (var list in fixture.Codes.Lists)
        {
            foreach (var code in GeneratedCodes(list.Entries.Select(e => e.Code).Distinct(), list.Name.Length).Take(4000))
            {
                foreach (var day in dates)
                {
                    Assert.True(ScanCheck(list, code, day) == list.Check(code, day), $"{list.Name} '{code}' on {day}");
                    compared++;
                }
            }
        }
        Assert.True(compared > 10_000);
    }

    [Fact]
    public void Major_catalogue_checks_match_a_scan_of_the_entries()
    {
        var catalogue = new MajorCatalogue(fixture.Codes);
        var listed = fixture.Codes.Lists
            .Where(l => l.Name is CodeListNames.MajorUndergraduate or CodeListNames.MajorVocational)
            .SelectMany(l => l.Entries.Select(e => e.Code))
            .ToList();
        Assert.NotEmpty(listed);
        foreach (var code in GeneratedCodes(listed, 7))
        {
            Assert.True(ScanMajorCheck(catalogue, code) == catalogue.Check(code), $"'{code}'");
            Assert.Same(ScanListFor(code), catalogue.ListFor(code));
        }
    }
}
