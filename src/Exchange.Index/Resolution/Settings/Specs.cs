namespace Exchange.Index.Resolution.Settings;

public enum FieldType
{
    Name,
    Text,
    Date,
    Code,
}

internal enum DateOrder
{
    Ymd,
    Dmy,
    Mdy,
}

internal enum LevelKind
{
    Exact,
    Folded,
    Romanised,
    Pinyin,
    Edit,
    JaroWinkler,
    DayMonthSwap,
    Digits,
    Year,
    Prefix,
}

internal enum KeyFunction
{
    Value,
    Surname,
    Pinyin,
    Given,
    Folded,
    Prefix,
    Year,
    YearMonth,
    MonthDay,
}

internal sealed record FieldSpec(int Index, string Name, FieldType Type, string[] Columns, DateOrder Order);

internal readonly record struct LevelSpec(LevelKind Kind, string Label, int Count, double Threshold, bool Tf, int MinLength = 0);

internal sealed record ComparisonSpec(int Index, string Name, int Field, FieldType Type, LevelSpec[] Levels, int MissingField = -1)
{
    /// <summary>The level a pair takes when it meets none of the configured ones.</summary>
    public int ElseLevel => Levels.Length;

    /// <summary>All levels including "else".</summary>
    public int LevelCount => Levels.Length + 1;

    public string LabelOf(int level) => level == ElseLevel ? "else" : level == Gamma.Null ? "null" : Levels[level].Label;
}

internal readonly record struct KeyPart(int Field, KeyFunction Function, int Length);

internal sealed record BlockingRuleSpec(string Name, KeyPart[] Parts, int MaxBlockSize, int SortField, int Window, int MissingField = -1);

internal sealed record TrainingRuleSpec(string Name, KeyPart[] Parts, int MaxPairs, bool[] Trained);

/// <summary>Packing of comparison levels: four bits per comparison, 15 for null (a value missing).</summary>
internal static class Gamma
{
    public const int Null = 15;
    public const int MaxComparisons = 16;
    public const int MaxLevels = 14;

    public static int Level(long gamma, int comparison) => (int)((gamma >> (4 * comparison)) & 0xF);

    public static long With(long gamma, int comparison, int level) =>
        (gamma & ~(0xFL << (4 * comparison))) | ((long)level << (4 * comparison));
}
