namespace Exchange.Index.Resolution.Chinese;

/// <summary>
/// The forms of a person's name that comparisons and blocking use: the name as written, folded to
/// simplified characters, and as a sequence of toneless pinyin syllables. A romanised name whose
/// family name could be first or last (<c>Xiaowen Zhang</c>) has a second, alternative order.
/// </summary>
public sealed class PersonNameForms
{
    /// <summary>Hash of the name as written, without spaces (Latin letters in lower case).</summary>
    public required long Exact { get; init; }

    /// <summary>Hash of the name folded to simplified characters (a romanised name: its letters in lower case).</summary>
    public required long Folded { get; init; }

    /// <summary>Syllable ids, family name first; characters without a reading have negative codes.</summary>
    public required int[] Syllables { get; init; }

    /// <summary>How many of <see cref="Syllables"/> make up the family name.</summary>
    public required int SurnameLength { get; init; }

    /// <summary>The pinyin letters of <see cref="Syllables"/>, run together (<c>zhangxiaowen</c>).</summary>
    public required string Phonetic { get; init; }

    /// <summary>The other possible order of a romanised name (the last word as family name), or null.</summary>
    public int[]? AltSyllables { get; init; }

    public int AltSurnameLength { get; init; }

    public string? AltPhonetic { get; init; }

    /// <summary>True when the name was written in Latin letters.</summary>
    public bool Romanised { get; init; }

    /// <summary>The syllable orders this name may have: one, or two for a romanised name of uncertain order.</summary>
    public int OrderCount => AltSyllables is null ? 1 : 2;

    public ReadOnlySpan<int> SyllablesOf(int order) => order == 0 ? Syllables : AltSyllables;

    public string PhoneticOf(int order) => order == 0 ? Phonetic : AltPhonetic!;

    public int SurnameLengthOf(int order) => order == 0 ? SurnameLength : AltSurnameLength;
}
