using Exchange.Index.Resolution.Chinese;

namespace Exchange.Index.Resolution.Features;

/// <summary>One field of one record, normalised once so that comparing two records allocates nothing.</summary>
public sealed class FieldValue
{
    /// <summary>Hash of the normalised value (a name: as written, without spaces).</summary>
    public required long Exact { get; init; }

    /// <summary>Hash of the folded value (a name: simplified characters); <see cref="Exact"/> for other types.</summary>
    public required long Folded { get; init; }

    /// <summary>The key its term frequency is counted under (a name: its pinyin syllables).</summary>
    public required long TfKey { get; init; }

    /// <summary>A name's family-name and given-name keys, counted beside <see cref="TfKey"/> (see <see cref="Training.TermFrequencies"/>); 0 for other types.</summary>
    public long TfSurnameKey { get; init; }

    public long TfGivenKey { get; init; }

    /// <summary>The text string comparisons run on: a name's pinyin letters, a date's eight digits, else the normalised value.</summary>
    public required string Text { get; init; }

    /// <summary>A date as yyyymmdd; 0 for other types.</summary>
    public int Date { get; init; }

    /// <summary>A name's forms; null for other types.</summary>
    public PersonNameForms? Name { get; init; }
}
