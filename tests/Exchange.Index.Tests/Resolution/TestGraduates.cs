using System.Globalization;
using Exchange.Index.Resolution.Features;

namespace Exchange.Index.Tests.Resolution;

/// <summary>
/// A small seeded population in the shipped graduate field order (name, birthDate, school, phone,
/// region, sex, linkageKey, cohort): a university record per graduate (80% with a linkage key) and,
/// for most, a certification or placement without one, carrying homophones, traditional forms,
/// romanised names and birth-date errors. The university record and the placement carry the cohort.
/// </summary>
internal sealed class TestGraduates
{
    private const string Surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈";
    private const string Given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉鹏晓小雯欣怡婷宇浩轩然睿嘉豪思梦雨诗涵琪";
    private static readonly Dictionary<char, char> s_homophones = new()
    {
        ['王'] = '汪', ['晓'] = '小', ['小'] = '晓', ['静'] = '晶', ['伟'] = '玮', ['丽'] = '莉', ['文'] = '雯', ['雯'] = '文', ['明'] = '铭', ['杰'] = '洁',
    };
    private static readonly Dictionary<char, char> s_traditional = new()
    {
        ['刘'] = '劉', ['张'] = '張', ['陈'] = '陳', ['杨'] = '楊', ['黄'] = '黃', ['赵'] = '趙', ['晓'] = '曉', ['伟'] = '偉', ['丽'] = '麗', ['华'] = '華',
    };

    public List<InputRecord> Records { get; } = [];
    public List<string> Truth { get; } = [];

    public bool HasKey(int record) => Records[record].Values[6] is not null;

    public static TestGraduates Create(int graduates, int seed)
    {
        var population = new TestGraduates();
        var random = new Random(seed);
        for (var g = 0; g < graduates; g++)
            population.AddGraduate(g, random);
        return population;
    }

    private void AddGraduate(int g, Random random)
    {
        var name = Surnames[random.Next(Surnames.Length)] + new string(Enumerable.Range(0, random.Next(1, 3)).Select(_ => Given[random.Next(Given.Length)]).ToArray());
        var birth = new DateOnly(1998 + random.Next(6), 1 + random.Next(12), 1 + random.Next(28));
        var phone = random.NextInt64(13_000_000_000, 19_999_999_999).ToString(CultureInfo.InvariantCulture);
        var region = string.Create(CultureInfo.InvariantCulture, $"{11 + random.Next(50)}{1 + random.Next(20):D2}{1 + random.Next(20):D2}");
        var sex = random.Next(2) == 0 ? "1" : "2";
        var school = string.Create(CultureInfo.InvariantCulture, $"41{random.Next(100_000_000):D8}\u001F{random.Next(10_000_000):D8}");
        var key = random.NextDouble() < 0.8 ? string.Create(CultureInfo.InvariantCulture, $"key-{g}") : null;
        var cohort = (birth.Year + 22).ToString(CultureInfo.InvariantCulture);
        var truth = g.ToString(CultureInfo.InvariantCulture);
        Add(truth, [name, birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), school, phone, region, sex, key, cohort]);

        var roll = random.NextDouble();
        if (roll < 0.4)
        {
            // A bureau certification, keyed differently: no linkage key, its own spelling.
            Add(truth, [Misspell(name, random), Date(birth, random), null, random.NextDouble() < 0.5 ? phone : null, region, sex, null, null]);
        }
        else if (roll < 0.7)
        {
            // An employer placement: sometimes romanised, no region.
            var written = random.NextDouble() < 0.4 ? Romanised(name) : Misspell(name, random);
            Add(truth, [written, Date(birth, random), null, random.NextDouble() < 0.7 ? phone : null, null, sex, null, cohort]);
        }
    }

    private void Add(string truth, string?[] values)
    {
        Records.Add(new InputRecord(string.Create(CultureInfo.InvariantCulture, $"r{Records.Count}"), 0, values));
        Truth.Add(truth);
    }

    private static string Misspell(string name, Random random)
    {
        var roll = random.NextDouble();
        if (roll < 0.15)
            return new string(name.Select(c => s_homophones.GetValueOrDefault(c, c)).ToArray());
        if (roll < 0.25)
            return new string(name.Select(c => s_traditional.GetValueOrDefault(c, c)).ToArray());
        return name;
    }

    private static string Date(DateOnly birth, Random random)
    {
        var roll = random.NextDouble();
        if (roll < 0.03 && birth.Day <= 12)
            return string.Create(CultureInfo.InvariantCulture, $"{birth.Year}{birth.Day:D2}{birth.Month:D2}");
        if (roll < 0.06)
            return birth.AddDays(birth.Day < 28 ? 1 : -1).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
    }

    private static string Romanised(string name)
    {
        var syllables = name.Select(c => Exchange.Index.Resolution.Chinese.CharacterTables.Syllables[Exchange.Index.Resolution.Chinese.CharacterTables.Syllable(c)]).ToArray();
        var given = string.Concat(syllables.Skip(1));
        return $"{char.ToUpperInvariant(given[0])}{given[1..]} {syllables[0].ToUpperInvariant()}";
    }
}
