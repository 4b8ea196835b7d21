using System.Globalization;
using System.Text;
using Exchange.Index.Resolution.Chinese;
using Exchange.Index.Resolution.Settings;

namespace Exchange.Index.Resolution.Features;

/// <summary>Turns input records into <see cref="RecordFeatures"/>: normalised values, pinyin forms, hashes.</summary>
public sealed class Featuriser(ResolutionSchema schema)
{
    /// <summary>Longest value read from a field; the rest is ignored.</summary>
    private const int MaxValueLength = 256;

    public ResolutionSchema Schema { get; } = schema;

    public RecordFeatures Featurise(InputRecord record)
    {
        var fields = Schema.Fields;
        if (record.Values.Count != fields.Length)
            throw new ArgumentException($"The record has {record.Values.Count} values for {fields.Length} fields.", nameof(record));
        var values = new FieldValue?[fields.Length];
        for (var i = 0; i < fields.Length; i++)
            values[i] = Featurise(fields[i], record.Values[i]);
        // 0 stands for "no key"; a key that hashes to 0 is moved aside.
        var key = Schema.LinkageKeyField >= 0 && values[Schema.LinkageKeyField] is { } k ? (k.Exact == 0 ? 1 : k.Exact) : 0;
        return new RecordFeatures(record.Id, record.Source, key, values);
    }

    /// <summary>Featurises many records on every core.</summary>
    public RecordFeatures[] FeaturiseAll(IReadOnlyList<InputRecord> records)
    {
        var result = new RecordFeatures[records.Count];
        Parallel.For(0, records.Count, i => result[i] = Featurise(records[i]));
        return result;
    }

    private static FieldValue? Featurise(FieldSpec field, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
            return null;
        if (raw.Length > MaxValueLength)
            raw = raw[..MaxValueLength];
        switch (field.Type)
        {
            case FieldType.Name:
                var name = PersonNameParser.Parse(raw);
                if (name is null)
                    return null;
                return new FieldValue
                {
                    Exact = name.Exact,
                    Folded = name.Folded,
                    TfKey = StableHash.Of(name.Syllables),
                    TfSurnameKey = NamePartKey(0x5355, name.Syllables.AsSpan(0, name.SurnameLength)),
                    TfGivenKey = NamePartKey(0x4749, name.Syllables.AsSpan(name.SurnameLength)),
                    Text = name.Phonetic,
                    Name = name,
                };
            case FieldType.Date:
                var date = DateValue.Parse(raw, field.Order);
                if (date == 0)
                    return null;
                var digits = date.ToString("D8", CultureInfo.InvariantCulture);
                var hash = StableHash.Of(digits);
                return new FieldValue { Exact = hash, Folded = hash, TfKey = hash, Text = digits, Date = date };
            default:
                var text = Normalise(raw, field.Type == FieldType.Code);
                if (text.Length == 0)
                    return null;
                var h = StableHash.Of(text);
                return new FieldValue { Exact = h, Folded = h, TfKey = h, Text = text };
        }
    }

    /// <summary>A name part's key, salted apart from whole names; 0 for a missing part.</summary>
    private static long NamePartKey(long salt, ReadOnlySpan<int> syllables) =>
        syllables.IsEmpty ? 0 : StableHash.Combine(salt, StableHash.Of(syllables));

    /// <summary>NFKC, lower case, runs of spaces as one (a code: no spaces at all).</summary>
    internal static string Normalise(string raw, bool code)
    {
        if (IsPlain(raw))
            return raw;
        var text = (Ascii.IsValid(raw) ? raw : raw.Normalize(NormalizationForm.FormKC)).Trim().ToLowerInvariant();
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }
            if (space && !code && builder.Length > 0)
                builder.Append(' ');
            space = false;
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>Already normal: ASCII lower-case letters, digits and punctuation, no spaces.</summary>
    private static bool IsPlain(string raw)
    {
        foreach (var c in raw)
        {
            if (c > 0x7E || c <= ' ' || c is >= 'A' and <= 'Z')
                return false;
        }
        return true;
    }
}
