using Exchange.Index.Resolution.Features;
using Exchange.Index.Resolution.Settings;

namespace Exchange.Index.Resolution.Comparisons;

/// <summary>Finds the agreement level of each comparison for a pair of records.</summary>
internal static class LevelEvaluator
{
    /// <summary>The comparison vector of a pair, packed (see <see cref="Gamma"/>).</summary>
    public static long Gamma(ResolutionSchema schema, RecordFeatures a, RecordFeatures b)
    {
        long gamma = 0;
        foreach (var comparison in schema.Comparisons)
            gamma = Settings.Gamma.With(gamma, comparison.Index, Level(comparison, a, b));
        return gamma;
    }

    /// <summary>The level two records reach under one comparison; null where a value is missing, or where the comparison's condition does not hold.</summary>
    public static int Level(ComparisonSpec comparison, RecordFeatures a, RecordFeatures b)
    {
        var condition = comparison.MissingField;
        if (condition >= 0 && a.Fields[condition] is not null && b.Fields[condition] is not null)
            return Settings.Gamma.Null;
        return Level(comparison, a.Fields[comparison.Field], b.Fields[comparison.Field]);
    }

    public static int Level(ComparisonSpec comparison, FieldValue? a, FieldValue? b)
    {
        if (a is null || b is null)
            return Settings.Gamma.Null;
        var levels = comparison.Levels;
        for (var l = 0; l < levels.Length; l++)
        {
            if (Meets(levels[l], a, b))
                return l;
        }
        return comparison.ElseLevel;
    }

    private static bool Meets(in LevelSpec level, FieldValue a, FieldValue b)
    {
        switch (level.Kind)
        {
            case LevelKind.Exact:
                return a.Exact == b.Exact;
            case LevelKind.Folded:
                return a.Folded == b.Folded;
            case LevelKind.Romanised:
                return a.Name is { } ra && b.Name is { } rb && (ra.Romanised || rb.Romanised) && PinyinEqual(ra, rb);
            case LevelKind.Pinyin:
                return a.Name is { } pa && b.Name is { } pb && PinyinEqual(pa, pb);
            case LevelKind.Edit:
                if (a.Name is { } ea && b.Name is { } eb)
                    return ea.Syllables.Length >= level.MinLength && eb.Syllables.Length >= level.MinLength
                        && SyllableDistance(ea, eb, level.Count) <= level.Count;
                return a.Text.Length >= level.MinLength && b.Text.Length >= level.MinLength
                    && StringMetrics.EditDistance<char>(a.Text, b.Text, level.Count) <= level.Count;
            case LevelKind.JaroWinkler:
                if (a.Name is { } ja && b.Name is { } jb)
                    return BestJaroWinkler(ja, jb) >= level.Threshold;
                return StringMetrics.JaroWinkler(a.Text, b.Text) >= level.Threshold;
            case LevelKind.Prefix:
                return a.Text.Length >= level.Count && b.Text.Length >= level.Count
                    && a.Text.AsSpan(0, level.Count).SequenceEqual(b.Text.AsSpan(0, level.Count));
            case LevelKind.DayMonthSwap:
                return a.Date / 10000 == b.Date / 10000 && a.Date / 100 % 100 == b.Date % 100 && a.Date % 100 == b.Date / 100 % 100;
            case LevelKind.Digits:
                var differ = 0;
                for (var i = 0; i < 8 && differ <= level.Count; i++)
                {
                    if (a.Text[i] != b.Text[i])
                        differ++;
                }
                return differ <= level.Count;
            case LevelKind.Year:
                return a.Date / 10000 == b.Date / 10000;
            default:
                return false;
        }
    }

    internal static bool PinyinEqual(Chinese.PersonNameForms a, Chinese.PersonNameForms b)
    {
        for (var i = 0; i < a.OrderCount; i++)
        {
            for (var j = 0; j < b.OrderCount; j++)
            {
                if (a.SyllablesOf(i).SequenceEqual(b.SyllablesOf(j)))
                    return true;
            }
        }
        return false;
    }

    private static int SyllableDistance(Chinese.PersonNameForms a, Chinese.PersonNameForms b, int max)
    {
        var best = max + 1;
        for (var i = 0; i < a.OrderCount; i++)
        {
            for (var j = 0; j < b.OrderCount; j++)
                best = Math.Min(best, StringMetrics.EditDistance(a.SyllablesOf(i), b.SyllablesOf(j), max));
        }
        return best;
    }

    private static double BestJaroWinkler(Chinese.PersonNameForms a, Chinese.PersonNameForms b)
    {
        var best = 0.0;
        for (var i = 0; i < a.OrderCount; i++)
        {
            for (var j = 0; j < b.OrderCount; j++)
                best = Math.Max(best, StringMetrics.JaroWinkler(a.PhoneticOf(i), b.PhoneticOf(j)));
        }
        return best;
    }
}
