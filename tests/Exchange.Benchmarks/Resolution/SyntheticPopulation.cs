using System.Globalization;
using System.Text;
using Exchange.Index.Resolution.Features;

namespace Exchange.Benchmarks.Resolution;

/// <summary>
/// A seeded synthetic population of graduates with known truth, in the field order of the shipped
/// graduate settings (name, birthDate, school, phone, region, sex, linkageKey, cohort). Each graduate has a
/// university record (12% without a resident id, so without a linkage key), 6% the same record sent
/// again without a resident id (a mistyped id is dropped at the door), 5% a second one at
/// another institution; 25% a bureau certification (keyed differently, so no linkage key; 5% of
/// them renewed as a second certification), 30% an employer placement (no linkage key; a quarter of
/// them romanise the name). University records and placements carry the cohort, as their schemas
/// require (a second institution's is a later one); certifications carry none. Copies carry typos (homophones, traditional forms, swapped, missing or
/// wrong characters), birth-date errors (day and month swapped, a digit off), changed phones and
/// counties, and missing values.
/// </summary>
internal sealed class SyntheticPopulation
{
    private readonly Random _random;

    // Cohorts come from a stream of their own, so that the rest of the population is the same with
    // or without them.
    private readonly Random _cohorts;
    private readonly double[] _surnameCumulative;
    private readonly double[] _maleCumulative;
    private readonly double[] _femaleCumulative;
    private readonly string[] _institutions;
    private readonly string[] _regions;

    public List<InputRecord> Records { get; } = [];

    /// <summary>The graduate each record belongs to.</summary>
    public List<string> Truth { get; } = [];

    /// <summary>What kind of record each is: university, second-institution, certification, placement.</summary>
    public List<string> Kinds { get; } = [];

    private SyntheticPopulation(int seed)
    {
        _random = new Random(seed);
        _cohorts = new Random(seed ^ 0x0c0407);
        _surnameCumulative = Cumulative(ChineseNames.Surnames.Select(s => s.Percent));
        _maleCumulative = Cumulative(Enumerable.Range(0, ChineseNames.Male.Length).Select(i => Math.Pow(i + 3, -0.9)));
        _femaleCumulative = Cumulative(Enumerable.Range(0, ChineseNames.Female.Length).Select(i => Math.Pow(i + 3, -0.9)));
        int[] provinces = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65];
        _regions = [.. provinces.SelectMany(p => Enumerable.Range(1, 12).SelectMany(q => Enumerable.Range(1, 15)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{p:D2}{q:D2}{c:D2}"))))];
        _institutions = [.. Enumerable.Range(0, 2500).Select(i => string.Create(CultureInfo.InvariantCulture, $"41{provinces[i % provinces.Length]:D2}{10000 + i:D6}"))];
    }

    public static SyntheticPopulation Generate(int graduates, int seed)
    {
        var population = new SyntheticPopulation(seed);
        for (var g = 0; g < graduates; g++)
            population.AddGraduate(g);
        return population;
    }

    private sealed record Person(string Surname, string Given, int Year, int Month, int Day, string Institution, string StudentId,
        string Phone, string Region, string Sex, string LinkageKey, int Cohort);

    private void AddGraduate(int index)
    {
        var male = _random.NextDouble() < 0.5;
        var pool = male ? ChineseNames.Male : ChineseNames.Female;
        var cumulative = male ? _maleCumulative : _femaleCumulative;
        var given = _random.NextDouble() < 0.25
            ? pool[Pick(cumulative)].ToString()
            : string.Concat(pool[Pick(cumulative)], pool[Pick(cumulative)]);
        var year = 1998 + _random.Next(7);
        var person = new Person(
            ChineseNames.Surnames[Pick(_surnameCumulative)].Name, given, year, 1 + _random.Next(12), 1 + _random.Next(28),
            _institutions[_random.Next(_institutions.Length)],
            string.Create(CultureInfo.InvariantCulture, $"{year + 18}{_random.Next(1_000_000):D6}"),
            string.Create(CultureInfo.InvariantCulture, $"1{_random.NextInt64(3_000_000_000, 9_999_999_999):D10}"),
            _regions[_random.Next(_regions.Length)],
            male ? "1" : "2",
            string.Create(CultureInfo.InvariantCulture, $"lk{(uint)(index * 2654435761u):x8}{index:x6}"),
            // Most finish a first degree at 22; some a year early, some one or two late.
            year + _cohorts.NextDouble() switch { < 0.10 => 21, < 0.65 => 22, < 0.90 => 23, _ => 24 });
        var truth = index.ToString(CultureInfo.InvariantCulture);

        Add(truth, "university", person, University(person, person.Institution, person.StudentId, person.Cohort, nameErrors: 0.03));
        if (_random.NextDouble() < 0.06)
        {
            // The university sends the record again under a new record id, its resident id mistyped and so dropped.
            var again = University(person, person.Institution, person.StudentId, person.Cohort, nameErrors: 0.10);
            again[6] = null;
            Add(truth, "university-resent", person, again);
        }
        if (_random.NextDouble() < 0.05)
        {
            var other = _institutions[_random.Next(_institutions.Length)];
            var id = string.Create(CultureInfo.InvariantCulture, $"{person.Year + 22}{_random.Next(1_000_000):D6}");
            // A master's degree two or three years after the first.
            Add(truth, "second-institution", person, University(person, other, id, person.Cohort + 2 + _cohorts.Next(2), nameErrors: 0.05));
        }
        if (_random.NextDouble() < 0.25)
        {
            Add(truth, "certification", person, Certification(person));
            if (_random.NextDouble() < 0.05)
                Add(truth, "certification", person, Certification(person));
        }
        if (_random.NextDouble() < 0.30)
            Add(truth, "placement", person, Placement(person));
    }

    private void Add(string truth, string kind, Person person, string?[] values)
    {
        Records.Add(new InputRecord(string.Create(CultureInfo.InvariantCulture, $"r{Records.Count}"), 0, values));
        Truth.Add(truth);
        Kinds.Add(kind);
    }

    private string?[] University(Person p, string institution, string studentId, int cohort, double nameErrors) =>
    [
        Maybe(nameErrors) ? Misspell(p) : p.Surname + p.Given,
        Date(p, 0.01, "{0:D4}-{1:D2}-{2:D2}"),
        institution + "\u001F" + studentId,
        Maybe(0.9) ? (Maybe(0.05) ? NewPhone() : p.Phone) : null,
        p.Region,
        p.Sex,
        Maybe(0.88) ? p.LinkageKey : null,
        cohort.ToString(CultureInfo.InvariantCulture),
    ];

    private string?[] Certification(Person p) =>
    [
        Maybe(0.10) ? Misspell(p) : Maybe(0.05) ? ToTraditional(p.Surname + p.Given) : p.Surname + p.Given,
        Date(p, 0.03, "{0:D4}{1:D2}{2:D2}"),
        null,
        Maybe(0.5) ? (Maybe(0.1) ? NewPhone() : p.Phone) : null,
        Maybe(0.1) ? p.Region[..4] + string.Create(CultureInfo.InvariantCulture, $"{1 + _random.Next(15):D2}") : p.Region,
        p.Sex,
        null,
        null,
    ];

    private string?[] Placement(Person p) =>
    [
        Maybe(0.25) ? Romanise(p) : Maybe(0.06) ? Misspell(p) : p.Surname + p.Given,
        Maybe(0.85) ? Date(p, 0.03, "{0:D4}/{1}/{2}") : null,
        null,
        Maybe(0.8) ? (Maybe(0.1) ? NewPhone() : p.Phone) : null,
        null,
        Maybe(0.9) ? p.Sex : null,
        null,
        // The cohort the employer was told, one in fifty a year off.
        (p.Cohort + (_cohorts.NextDouble() < 0.02 ? (_cohorts.Next(2) == 0 ? -1 : 1) : 0)).ToString(CultureInfo.InvariantCulture),
    ];

    private string Date(Person p, double errors, string format)
    {
        var (y, m, d) = (p.Year, p.Month, p.Day);
        if (Maybe(errors))
        {
            if (d <= 12 && d != m && Maybe(0.4))
                (m, d) = (d, m);
            else
            {
                // One digit off: the last digit of the day, or of the year.
                if (Maybe(0.7))
                    d = d % 10 == 9 || d >= 28 ? d - 1 : d + 1;
                else
                    y += y % 10 == 9 ? -1 : 1;
            }
        }
        return string.Format(CultureInfo.InvariantCulture, format, y, m, d);
    }

    private string Misspell(Person p)
    {
        var given = p.Given.ToCharArray();
        var surname = p.Surname;
        var roll = _random.NextDouble();
        if (roll < 0.45)
        {
            // A homophone: 晓 for 小, or, one time in six, 汪 for 王.
            if (Maybe(1.0 / 6) && surname.Length == 1 && ChineseNames.Homophones.TryGetValue(surname[0], out var s))
                surname = s[_random.Next(s.Length)].ToString();
            else
            {
                var i = _random.Next(given.Length);
                if (ChineseNames.Homophones.TryGetValue(given[i], out var h))
                    given[i] = h[_random.Next(h.Length)];
                else
                    given[i] = RandomCharacter();
            }
        }
        else if (roll < 0.65)
            return ToTraditional(surname + p.Given);
        else if (roll < 0.75 && given.Length == 2)
            (given[0], given[1]) = (given[1], given[0]);
        else if (roll < 0.88 && given.Length == 2)
            given = [given[_random.Next(2)]];
        else
            given[_random.Next(given.Length)] = RandomCharacter();
        return surname + new string(given);
    }

    private char RandomCharacter()
    {
        var pool = Maybe(0.5) ? ChineseNames.Male : ChineseNames.Female;
        return pool[_random.Next(pool.Length)];
    }

    private static string ToTraditional(string name) =>
        string.Concat(name.Select(c => ChineseNames.Traditional.TryGetValue(c, out var t) ? t : c));

    /// <summary>Zhang Xiaowen, ZHANG Xiao-Wen, Xiaowen Zhang or ZHANG XIAOWEN, as employers' systems write names.</summary>
    private string Romanise(Person p)
    {
        var surname = Capital(string.Concat(p.Surname.Select(ChineseNames.Pinyin)));
        var syllables = p.Given.Select(c => ChineseNames.Pinyin(c)).ToArray();
        var given = Capital(string.Concat(syllables));
        return _random.Next(4) switch
        {
            0 => $"{surname} {given}",
            1 => $"{surname.ToUpperInvariant()} {string.Join("-", syllables.Select(Capital))}",
            2 => $"{given} {surname}",
            _ => $"{surname} {given}".ToUpperInvariant(),
        };
    }

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private string NewPhone() => string.Create(CultureInfo.InvariantCulture, $"1{_random.NextInt64(3_000_000_000, 9_999_999_999):D10}");

    private bool Maybe(double p) => _random.NextDouble() < p;

    private int Pick(double[] cumulative)
    {
        var x = _random.NextDouble() * cumulative[^1];
        var i = Array.BinarySearch(cumulative, x);
        return i < 0 ? ~i : i;
    }

    private static double[] Cumulative(IEnumerable<double> weights)
    {
        var list = new List<double>();
        var sum = 0.0;
        foreach (var w in weights)
            list.Add(sum += w);
        return [.. list];
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var group in Kinds.GroupBy(k => k))
            text.Append(CultureInfo.InvariantCulture, $"{group.Key} {group.Count():N0}; ");
        return text.ToString();
    }
}
