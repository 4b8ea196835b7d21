using Exchange.Index.Resolution.Chinese;

namespace Exchange.Benchmarks.Resolution;

/// <summary>Name material for the synthetic population: surname shares, given-name characters, homophones, traditional forms.</summary>
internal static class ChineseNames
{
    /// <summary>Common family names with their approximate share of the population, in percent (national surveys, rounded).</summary>
    public static readonly (string Name, double Percent)[] Surnames =
    [
        ("王", 7.1), ("李", 7.0), ("张", 6.7), ("刘", 5.4), ("陈", 4.5), ("杨", 3.1), ("黄", 2.2), ("赵", 2.0), ("吴", 1.9), ("周", 1.8),
        ("徐", 1.3), ("孙", 1.2), ("马", 1.2), ("朱", 1.1), ("胡", 1.0), ("郭", 0.97), ("何", 0.92), ("高", 0.88), ("林", 0.87), ("罗", 0.84),
        ("郑", 0.76), ("梁", 0.75), ("谢", 0.6), ("宋", 0.56), ("唐", 0.55), ("许", 0.54), ("韩", 0.52), ("冯", 0.5), ("邓", 0.5), ("曹", 0.48),
        ("彭", 0.46), ("曾", 0.45), ("肖", 0.44), ("田", 0.43), ("董", 0.42), ("袁", 0.41), ("潘", 0.41), ("于", 0.4), ("蒋", 0.39), ("蔡", 0.38),
        ("余", 0.37), ("杜", 0.36), ("叶", 0.35), ("程", 0.34), ("苏", 0.33), ("魏", 0.32), ("吕", 0.31), ("丁", 0.3), ("任", 0.3), ("沈", 0.29),
        ("姚", 0.28), ("卢", 0.28), ("姜", 0.27), ("崔", 0.27), ("钟", 0.26), ("谭", 0.25), ("陆", 0.25), ("汪", 0.24), ("范", 0.24), ("金", 0.23),
        ("石", 0.23), ("廖", 0.22), ("贾", 0.22), ("夏", 0.21), ("韦", 0.21), ("付", 0.2), ("方", 0.2), ("白", 0.19), ("邹", 0.19), ("孟", 0.18),
        ("熊", 0.18), ("秦", 0.17), ("邱", 0.17), ("江", 0.17), ("尹", 0.16), ("薛", 0.16), ("闫", 0.15), ("段", 0.15), ("雷", 0.15), ("侯", 0.14),
        ("龙", 0.14), ("史", 0.13), ("陶", 0.13), ("黎", 0.13), ("贺", 0.13), ("顾", 0.12), ("毛", 0.12), ("郝", 0.12), ("龚", 0.12), ("邵", 0.11),
        ("万", 0.11), ("钱", 0.11), ("严", 0.11), ("覃", 0.1), ("武", 0.1), ("戴", 0.1), ("莫", 0.1), ("孔", 0.1), ("向", 0.1), ("汤", 0.1),
        ("常", 0.09), ("温", 0.09), ("康", 0.09), ("施", 0.08), ("文", 0.08), ("牛", 0.08), ("樊", 0.08), ("葛", 0.08), ("邢", 0.07), ("安", 0.07),
        ("齐", 0.07), ("易", 0.07), ("乔", 0.07), ("伍", 0.07), ("庞", 0.07), ("颜", 0.06), ("倪", 0.06), ("庄", 0.06), ("聂", 0.06), ("章", 0.06),
        ("鲁", 0.06), ("岳", 0.06), ("翟", 0.06), ("殷", 0.05), ("詹", 0.05), ("申", 0.05), ("欧", 0.05), ("耿", 0.05), ("关", 0.05), ("兰", 0.05),
        ("焦", 0.05), ("俞", 0.05), ("左", 0.05), ("柳", 0.05), ("甘", 0.04), ("祝", 0.04), ("包", 0.04), ("宁", 0.04), ("尚", 0.04), ("符", 0.04),
        ("舒", 0.04), ("阮", 0.04), ("柯", 0.04), ("纪", 0.04), ("梅", 0.04), ("童", 0.04), ("凌", 0.04), ("毕", 0.04), ("单", 0.04), ("季", 0.04),
        ("裴", 0.03), ("霍", 0.03), ("涂", 0.03), ("成", 0.03), ("苗", 0.03), ("谷", 0.03), ("盛", 0.03), ("曲", 0.03), ("翁", 0.03), ("冉", 0.03),
        ("骆", 0.03), ("蓝", 0.03), ("路", 0.03), ("游", 0.03), ("辛", 0.03), ("靳", 0.03), ("管", 0.03), ("柴", 0.03), ("蒙", 0.03), ("鲍", 0.03),
        ("华", 0.03), ("喻", 0.03), ("祁", 0.03), ("蒲", 0.02), ("房", 0.02), ("滕", 0.02), ("屈", 0.02), ("饶", 0.02), ("解", 0.02), ("牟", 0.02),
        ("艾", 0.02), ("尤", 0.02), ("阳", 0.02), ("时", 0.02), ("穆", 0.02), ("农", 0.02), ("司", 0.02), ("卓", 0.02), ("古", 0.02), ("吉", 0.02),
        ("欧阳", 0.02), ("司马", 0.005), ("上官", 0.005), ("诸葛", 0.005), ("慕容", 0.003), ("皇甫", 0.003),
    ];

    /// <summary>Given-name characters, commonest first; the order sets a Zipf-like weight.</summary>
    public static readonly string Male =
        "伟强磊军洋勇杰涛明超斌鹏辉刚健波宇浩凯鑫俊帅飞博文龙峰亮晨阳昊天海成东华林建国志平宏新旭子航轩然睿泽嘉豪哲瑞彬毅锋雷虎兵坤振威晖祥荣翔琦铭皓煜宁远方奇广光义生春德兴金发福松乐长冬庆安家思一正永佳君立功胜恒星铁鸿江川山石";

    public static readonly string Female =
        "芳娜敏静丽艳娟霞秀玲婷雪慧倩颖琳晶欣怡萍红燕佳梅莉蕾薇璐洁琴云丹瑶妍悦雯晓思梦雨诗涵彤菲露月琪馨淑媛珊蓉凤英兰桂青春美小宁楠萌晴可心蓓珍玉嘉欢秋爽园园冰月霏岚琼瑾璇茜芸若";

    /// <summary>Characters that a clerk hearing the name might write instead: the same toneless pinyin.</summary>
    public static IReadOnlyDictionary<char, char[]> Homophones { get; } = BuildHomophones();

    /// <summary>A traditional form for a simplified character, where one differs.</summary>
    public static IReadOnlyDictionary<char, char> Traditional { get; } = BuildTraditional();

    public static string Pinyin(char c) => CharacterTables.Syllable(CharacterTables.Fold(c)) is var id and >= 0 ? CharacterTables.Syllables[id] : c.ToString();

    private static Dictionary<char, char[]> BuildHomophones()
    {
        // Candidates: every name character here plus a band of common characters.
        var common = Male + Female + string.Concat(Surnames.Select(s => s.Name)) +
            "晓小孝效校笑肖萧筱文闻雯温稳问汶玟王汪望旺忘伟玮炜维薇威微唯纬卫为位魏蔚丽莉立利力历励李理礼里黎离梨璃俐荔张章彰樟漳掌长涨丈仗杰洁捷婕节结介界借戒静敬镜竟境京晶精经惊井景警";
        var bySyllable = common.Distinct().GroupBy(Pinyin).ToDictionary(g => g.Key, g => g.ToArray());
        var result = new Dictionary<char, char[]>();
        foreach (var c in common.Distinct())
        {
            var others = bySyllable[Pinyin(c)].Where(o => o != c).ToArray();
            if (others.Length > 0)
                result[c] = others;
        }
        return result;
    }

    private static Dictionary<char, char> BuildTraditional()
    {
        var result = new Dictionary<char, char>();
        for (var c = 0x4E00; c <= 0x9FFF; c++)
        {
            var folded = CharacterTables.Fold(c);
            if (folded != c && folded < 0x10000 && !result.ContainsKey((char)folded))
                result[(char)folded] = (char)c;
        }
        return result;
    }
}
