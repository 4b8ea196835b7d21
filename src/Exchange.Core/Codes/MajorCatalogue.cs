using System.Globalization;

namespace Exchange.Core.Codes;

/// <summary>
/// The national major catalogues, looked up by a code's family: its first digit tells which
/// catalogue it belongs to (0–1 the undergraduate catalogue; in the 2021 vocational catalogue,
/// 2–3 vocational bachelor, 4–5 higher vocational, 6–7 secondary vocational). A family whose
/// list is not loaded is not checked; see docs/model.md.
/// </summary>
public sealed class MajorCatalogue
{
    private static readonly (string Digits, string List)[] s_families =
    [
        ("01", CodeListNames.MajorUndergraduate),
        ("23", CodeListNames.MajorVocational),
        ("45", CodeListNames.MajorVocational),
        ("67", CodeListNames.MajorVocational),
    ];

    private readonly Dictionary<string, CodeList> _lists;

    // Every record with a major code is checked: the answers that depend only on the lists are
    // worked out once here rather than by scanning a catalogue's entries on each call.
    private readonly CodeList?[] _listByFirstDigit = new CodeList?[10];
    private readonly Dictionary<CodeList, MajorsOfList> _majors = [];

    /// <summary>Reads the major lists of a catalog; either may be absent.</summary>
    public MajorCatalogue(CodeListCatalog codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        _lists = codes.Lists
            .Where(l => l.Name is CodeListNames.MajorUndergraduate or CodeListNames.MajorVocational)
            .ToDictionary(l => l.Name, StringComparer.Ordinal);
        for (var digit = '0'; digit <= '9'; digit++)
            _listByFirstDigit[digit - '0'] = ScanListFor(digit);
        foreach (var list in _listByFirstDigit.OfType<CodeList>().Distinct())
            _majors[list] = new MajorsOfList(list);
    }

    /// <summary>The list that holds a code's family, when it is loaded and holds any of the family.</summary>
    public CodeList? ListFor(string code) =>
        code.Length > 0 && char.IsAsciiDigit(code[0]) ? _listByFirstDigit[code[0] - '0'] : null;

    private CodeList? ScanListFor(char firstDigit)
    {
        var family = s_families.FirstOrDefault(f => f.Digits.Contains(firstDigit, StringComparison.Ordinal));
        if (family.List is null || !_lists.TryGetValue(family.List, out var list))
            return null;
        return list.Entries.Any(e => e.Code.Length == 2 && family.Digits.Contains(e.Code[0], StringComparison.Ordinal)) ? list : null;
    }

    /// <summary>A list's major entries (six digits and more) and the set of their six digits.</summary>
    private sealed class MajorsOfList
    {
        public MajorsOfList(CodeList list)
        {
            Majors = list.Entries.Where(e => e.Code.Length >= 6).ToList();
            var digits = new HashSet<string>(Majors.Select(e => e.Code[..6]), StringComparer.Ordinal);
            Digits = digits.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public List<CodeEntry> Majors { get; }

        public HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Digits { get; }
    }

    /// <summary>
    /// Checks a six-digit major code (a K or T suffix is a marker of the catalogue, often dropped
    /// by student systems, so only the digits are compared).
    /// </summary>
    public MajorCheck Check(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length < 6 || code.AsSpan(0, 6).ContainsAnyExceptInRange('0', '9'))
            return MajorCheck.Unknown;
        if (!s_families.Any(f => f.Digits.Contains(code[0], StringComparison.Ordinal)))
            return MajorCheck.Unknown;
        var list = ListFor(code);
        if (list is null)
            return MajorCheck.FamilyNotLoaded;

        var ofList = _majors[list];
        if (ofList.Digits.Contains(code.AsSpan(0, 6)))
            return MajorCheck.Listed;

        var digits = code[..6];
        var majors = ofList.Majors;

        // The list may lag the yearly additions, which number a new major after the last one of
        // its class and a new class after the last one of its discipline: only such a code may be
        // a major the list does not know yet.
        var inClass = majors.Where(e => e.Code.StartsWith(digits[..4], StringComparison.Ordinal)).Select(e => Number(e.Code[4..6])).ToList();
        if (inClass.Count > 0)
        {
            var number = digits[4..6] == "00" && inClass.Max() < 99 ? 0 : Number(digits[4..6]);
            return number > inClass.Max() ? MajorCheck.BeyondList : MajorCheck.Unknown;
        }
        var classes = list.Entries.Where(e => e.Code.Length == 4 && e.Code.StartsWith(digits[..2], StringComparison.Ordinal)).Select(e => Plain(e.Code[2..4])).ToList();
        return classes.Count > 0 && Plain(digits[2..4]) > classes.Max() && Plain(digits[4..6]) >= 1
            ? MajorCheck.BeyondList
            : MajorCheck.Unknown;
    }

    private static int Plain(string twoDigits) => int.Parse(twoDigits, NumberStyles.None, CultureInfo.InvariantCulture);

    // "00" after "99" is how a catalogue numbers the hundredth entry of a class (050200T).
    private static int Number(string twoDigits) =>
        twoDigits == "00" ? 100 : Plain(twoDigits);
}

/// <summary>The outcome of checking a major code against the catalogues.</summary>
public enum MajorCheck
{
    /// <summary>The catalogue lists the major.</summary>
    Listed,
    /// <summary>Not listed, but numbered after the last listed major of its class: possibly a later addition.</summary>
    BeyondList,
    /// <summary>The catalogue of the code's family is not loaded, so the code is not checked.</summary>
    FamilyNotLoaded,
    /// <summary>No catalogue has or could have the code.</summary>
    Unknown,
}
