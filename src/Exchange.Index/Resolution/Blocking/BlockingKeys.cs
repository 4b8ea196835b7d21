using Exchange.Index.Resolution.Features;
using Exchange.Index.Resolution.Settings;

namespace Exchange.Index.Resolution.Blocking;

/// <summary>
/// The blocking keys of a record under a rule: a hash of the rule and each key part's value. A part
/// may have two values (a romanised name whose family name may be first or last), so a record may
/// have a few keys; a record missing any part has none under that rule.
/// </summary>
internal static class BlockingKeys
{
    public const int MaxKeys = 8;

    public static int Of(KeyPart[] parts, long ruleSalt, RecordFeatures record, Span<long> into)
    {
        into[0] = ruleSalt;
        var count = 1;
        Span<long> values = stackalloc long[2];
        Span<long> next = stackalloc long[MaxKeys];
        foreach (var part in parts)
        {
            var n = Values(part, record.Fields[part.Field], values);
            if (n == 0)
                return 0;
            var produced = 0;
            for (var i = 0; i < count; i++)
            {
                for (var v = 0; v < n && produced < MaxKeys; v++)
                    next[produced++] = StableHash.Combine(into[i], values[v]);
            }
            next[..produced].CopyTo(into);
            count = produced;
        }
        return count;
    }

    private static int Values(KeyPart part, FieldValue? value, Span<long> into)
    {
        if (value is null)
            return 0;
        var name = value.Name;
        switch (part.Function)
        {
            case KeyFunction.Value:
                into[0] = name is null ? value.Exact : value.Folded;
                return 1;
            case KeyFunction.Folded:
                into[0] = value.Folded;
                return 1;
            case KeyFunction.Prefix:
                if (value.Text.Length < part.Length)
                    return 0;
                into[0] = StableHash.Of(value.Text.AsSpan(0, part.Length));
                return 1;
            case KeyFunction.Year:
                into[0] = value.Date / 10000;
                return 1;
            case KeyFunction.YearMonth:
                into[0] = value.Date / 100;
                return 1;
            case KeyFunction.MonthDay:
                into[0] = value.Date % 10000;
                return 1;
        }
        if (name is null)
            return 0;
        var count = 0;
        for (var order = 0; order < name.OrderCount; order++)
        {
            var syllables = name.SyllablesOf(order);
            long key;
            switch (part.Function)
            {
                case KeyFunction.Surname:
                    key = 0x51 ^ ((long)syllables[0] << 8);
                    break;
                case KeyFunction.Pinyin:
                    key = StableHash.Of(syllables);
                    break;
                default:
                    var surname = name.SurnameLengthOf(order);
                    if (syllables.Length <= surname)
                        continue;
                    key = StableHash.Of(syllables[surname..]);
                    break;
            }
            if (count == 0 || into[0] != key)
                into[count++] = key;
        }
        return count;
    }
}
