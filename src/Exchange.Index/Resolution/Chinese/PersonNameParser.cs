using System.Globalization;
using System.Text;
using Exchange.Index.Resolution.Features;

namespace Exchange.Index.Resolution.Chinese;

/// <summary>Reads a name written in Chinese characters (张晓雯, 張曉雯) or romanised (Zhang Xiaowen, ZHANG Xiao-Wen, Xiaowen Zhang).</summary>
public static class PersonNameParser
{
    private const int MaxNameLength = 128;

    /// <summary>The forms of <paramref name="raw"/>, or null when it holds no letters.</summary>
    public static PersonNameForms? Parse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
            return null;
        var text = raw.Length > MaxNameLength ? raw[..MaxNameLength] : raw;
        text = (Ascii.IsValid(text) || text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC)).Trim();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetter(rune) && !IsLatin(rune))
                return ParseCharacters(text);
        }
        return ParseRomanised(text);
    }

    private static bool IsLatin(Rune rune) => rune.Value < 0x250 || (rune.Value >= 0x1E00 && rune.Value < 0x1F00);

    private static PersonNameForms? ParseCharacters(string text)
    {
        var exact = new StringBuilder(text.Length);
        var folded = new StringBuilder(text.Length);
        var phonetic = new StringBuilder(text.Length * 4);
        var syllables = new List<int>(4);
        var latin = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsLetter(rune))
            {
                FlushLatin(latin, syllables, phonetic);
                continue;
            }
            if (IsLatin(rune))
            {
                exact.Append(char.ToLowerInvariant((char)rune.Value));
                latin.Append(char.ToLowerInvariant((char)rune.Value));
                continue;
            }
            FlushLatin(latin, syllables, phonetic);
            Append(exact, rune.Value);
            var f = CharacterTables.Fold(rune.Value);
            Append(folded, f);
            var id = CharacterTables.Syllable(f);
            if (id < 0)
                id = CharacterTables.Syllable(rune.Value);
            if (id >= 0)
            {
                syllables.Add(id);
                phonetic.Append(CharacterTables.Syllables[id]);
            }
            else
            {
                syllables.Add(-(f + 1));
                Append(phonetic, f);
            }
        }
        FlushLatin(latin, syllables, phonetic);
        if (syllables.Count == 0)
            return null;
        var foldedText = folded.ToString();
        var surname = syllables.Count >= 3 && foldedText.Length >= 2 && CompoundSurnames.Contains(foldedText.AsSpan(0, 2)) ? 2 : 1;
        return new PersonNameForms
        {
            Exact = StableHash.Of(exact.ToString()),
            Folded = StableHash.Of(foldedText),
            Syllables = [.. syllables],
            SurnameLength = Math.Min(surname, syllables.Count),
            Phonetic = phonetic.ToString(),
        };
    }

    private static void Append(StringBuilder builder, int codePoint)
    {
        if (codePoint < 0x10000)
            builder.Append((char)codePoint);
        else
            builder.Append(char.ConvertFromUtf32(codePoint));
    }

    private static void FlushLatin(StringBuilder latin, List<int> syllables, StringBuilder phonetic)
    {
        if (latin.Length == 0)
            return;
        AddPiece(latin.ToString(), syllables, phonetic);
        latin.Clear();
    }

    private static PersonNameForms? ParseRomanised(string text)
    {
        // Words are separated by spaces or a comma; "Zhang, Xiaowen" names the family name first.
        var comma = text.IndexOf(',', StringComparison.Ordinal) >= 0 || text.IndexOf('，', StringComparison.Ordinal) >= 0;
        var words = text.Split([' ', '\t', ',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var parsed = new List<(List<int> Syllables, string Phonetic, bool Upper)>(words.Length);
        var exact = new StringBuilder(text.Length);
        foreach (var word in words)
        {
            var letters = Letters(word);
            if (letters.Length == 0)
                continue;
            exact.Append(letters);
            var wordSyllables = new List<int>(3);
            var wordPhonetic = new StringBuilder(letters.Length);
            foreach (var piece in letters.Split(['-', '\'', '.'], StringSplitOptions.RemoveEmptyEntries))
                AddPiece(piece, wordSyllables, wordPhonetic);
            if (wordSyllables.Count > 0)
                parsed.Add((wordSyllables, wordPhonetic.ToString(), IsUpper(word)));
        }
        if (parsed.Count == 0)
            return null;

        var upper = parsed.Count(p => p.Upper);
        var surnameWord = 0;
        var certain = parsed.Count == 1 || comma;
        if (!certain && upper == 1)
        {
            surnameWord = parsed.FindIndex(p => p.Upper);
            certain = true;
        }
        var (syllables, surnameLength, phonetic) = Ordered(parsed, surnameWord);
        var exactText = exact.ToString().Replace("-", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal);
        var forms = new PersonNameForms
        {
            Exact = StableHash.Of(exactText),
            Folded = StableHash.Of(exactText),
            Syllables = syllables,
            SurnameLength = surnameLength,
            Phonetic = phonetic,
            Romanised = true,
        };
        if (certain)
            return forms;
        var (alt, altSurname, altPhonetic) = Ordered(parsed, parsed.Count - 1);
        return new PersonNameForms
        {
            Exact = forms.Exact,
            Folded = forms.Folded,
            Syllables = forms.Syllables,
            SurnameLength = forms.SurnameLength,
            Phonetic = forms.Phonetic,
            Romanised = true,
            AltSyllables = alt,
            AltSurnameLength = altSurname,
            AltPhonetic = altPhonetic,
        };
    }

    /// <summary>The family-name word first, then the other words in the order written.</summary>
    private static (int[] Syllables, int SurnameLength, string Phonetic) Ordered(
        List<(List<int> Syllables, string Phonetic, bool Upper)> words, int surnameWord)
    {
        var syllables = new List<int>(8);
        var phonetic = new StringBuilder();
        syllables.AddRange(words[surnameWord].Syllables);
        phonetic.Append(words[surnameWord].Phonetic);
        for (var i = 0; i < words.Count; i++)
        {
            if (i == surnameWord)
                continue;
            syllables.AddRange(words[i].Syllables);
            phonetic.Append(words[i].Phonetic);
        }
        return ([.. syllables], words[surnameWord].Syllables.Count, phonetic.ToString());
    }

    private static bool IsUpper(string word)
    {
        var letters = 0;
        foreach (var c in word)
        {
            if (!char.IsLetter(c))
                continue;
            if (!char.IsUpper(c))
                return false;
            letters++;
        }
        return letters >= 2;
    }

    /// <summary>Lower-case letters without accents; ü (also written u: or yu after l and n) becomes v.</summary>
    private static string Letters(string word)
    {
        var lower = word.ToLowerInvariant()
            .Replace("ü", "v", StringComparison.Ordinal)
            .Replace("u:", "v", StringComparison.Ordinal)
            .Replace("lyu", "lv", StringComparison.Ordinal)
            .Replace("nyu", "nv", StringComparison.Ordinal);
        var decomposed = lower.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (c is >= 'a' and <= 'z' or '-' or '\'' or '.')
                builder.Append(c);
            else if (c is 'ü')
                builder.Append('v');
            else if (char.IsLetter(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>Adds the syllables of one piece of letters, or one opaque code when it is not pinyin.</summary>
    private static void AddPiece(string piece, List<int> syllables, StringBuilder phonetic)
    {
        var before = syllables.Count;
        if (PinyinSegmenter.TrySegment(piece, syllables))
        {
            for (var i = before; i < syllables.Count; i++)
                phonetic.Append(CharacterTables.Syllables[syllables[i]]);
            return;
        }
        syllables.Add(-(0x200000 + (int)(StableHash.Of(piece) & 0x1FFFFFFF)));
        phonetic.Append(piece);
    }
}
