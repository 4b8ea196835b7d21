namespace Exchange.Index.Resolution.Chinese;

/// <summary>Two-character family names, in simplified characters.</summary>
internal static class CompoundSurnames
{
    private static readonly HashSet<string> s_names = new(StringComparer.Ordinal)
    {
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
        "夏侯", "轩辕", "令狐", "钟离", "端木", "司空", "独孤", "南宫", "闻人", "西门", "百里", "呼延",
        "澹台", "公冶", "太史", "申屠", "万俟", "赫连", "拓跋", "第五", "左丘", "东郭", "濮阳", "单于",
    };

    public static bool Contains(ReadOnlySpan<char> twoCharacters) =>
        s_names.GetAlternateLookup<ReadOnlySpan<char>>().Contains(twoCharacters);
}
