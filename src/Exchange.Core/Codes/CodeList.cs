using System.Collections.Frozen;

namespace Exchange.Core.Codes;

/// <summary>A code list loaded from a data file under <c>schemas/codes/</c>.</summary>
public sealed class CodeList
{
    private readonly FrozenDictionary<string, CodeEntry[]> _byCode;
    // Codes with a period in use now: the common answer, found without walking the periods.
    private readonly FrozenSet<string> _current;

    internal CodeList(CodeListFile file)
    {
        Name = file.List;
        Standard = file.Standard;
        Version = file.Version;
        Source = file.Source;
        Entries = file.Entries;
        _byCode = file.Entries
            .GroupBy(e => e.Code, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _current = _byCode.Where(c => c.Value.Any(p => p.IsCurrent)).Select(c => c.Key).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The list's name, e.g. <c>admin-division</c>.</summary>
    public string Name { get; }

    /// <summary>The standard the list follows.</summary>
    public string Standard { get; }

    /// <summary>The edition or year of the list.</summary>
    public string Version { get; }

    /// <summary>Where the list comes from.</summary>
    public string Source { get; }

    /// <summary>Every entry, including retired ones.</summary>
    public IReadOnlyList<CodeEntry> Entries { get; }

    /// <summary>The number of codes in use now.</summary>
    public int CurrentCount => Entries.Count(e => e.IsCurrent);

    /// <summary>True when the list has ever held the code.</summary>
    public bool Contains(string code) => _byCode.ContainsKey(code);

    /// <summary>The current entry for a code, else its most recently retired one.</summary>
    public CodeEntry? Find(string code) =>
        _byCode.TryGetValue(code, out var periods)
            ? periods.FirstOrDefault(p => p.IsCurrent) ?? periods.MaxBy(p => p.Retired)
            : null;

    /// <summary>
    /// Checks a code for a record dated <paramref name="asOf"/>: a code in use now is always
    /// accepted; a retired code only when the record is dated before its retirement.
    /// </summary>
    public CodeCheck Check(string code, DateOnly? asOf)
    {
        if (_current.Contains(code))
            return CodeCheck.InUse;
        if (!_byCode.TryGetValue(code, out var periods))
            return CodeCheck.Unknown;
        return asOf is { } day && periods.Any(p => p.InUseOn(day)) ? CodeCheck.InUseThen : CodeCheck.Retired;
    }
}

/// <summary>The outcome of checking a code against a list.</summary>
public enum CodeCheck
{
    /// <summary>The code is in use now.</summary>
    InUse,
    /// <summary>The code is retired but was in use on the record's date.</summary>
    InUseThen,
    /// <summary>The code was retired before the record's date.</summary>
    Retired,
    /// <summary>The list never held the code.</summary>
    Unknown,
}
