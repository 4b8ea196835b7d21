using Exchange.Core.Model;
using Exchange.Index.Matching;

namespace Exchange.Index.Tests.Matching;

/// <summary>
/// A made-up population for the fairness rules, the same for a seed on every run: graduates drawn
/// from a small number of qualification profiles (so that equally qualified graduates exist in
/// numbers), each with protected attributes — sex, origin region, hardship flags, certifications,
/// accommodation needs — drawn independently of the profile; and vacancies that vary in skills,
/// majors, region, pay, accessibility features, physical requirements and inclusive-hiring flags.
/// </summary>
internal sealed class PopulationGenerator(int seed)
{
    private static readonly string[] SkillPool = ["Java", "Python", "SQL", "Excel", "CAD", "会计", "英语", "沟通", "驾驶", "Linux", "数据分析", "设计"];
    private static readonly string[] Majors = ["080901", "080902", "120203K", "120204", "082801", "050201", "071201", "081001"];
    private static readonly string[] Regions = ["410102", "410105", "410100", "410300", "410302", "420100", "420102", "410000"];
    private static readonly string[] Levels = ["14", "20", "30", "31"];
    private static readonly string[] Contracts = ["open-ended", "fixed-term", "part-time", "internship"];
    private static readonly string[] Hardships = ["minimum-living-allowance", "poverty-alleviation", "zero-employment-family", "long-term-unemployed"];
    private static readonly string[] Needs = ["step-free-access", "screen-reader", "sign-language", "flexible-hours", "无障碍通道", "adjusted-workstation"];
    private static readonly string[] Features = ["step-free-access", "accessible-toilet", "screen-reader", "sign-language", "flexible-hours", "remote-work", "adjusted-workstation", "job-coach"];
    private static readonly string[] Requirements = ["prolonged-standing", "climbing", "heavy-lifting", "driving", "visual-only-work", "colour-vision", "frequent-phone-calls", "auditory-alarms", "fixed-shifts"];
    private static readonly string[] Commitments = ["disability-quota", "hardship-priority", "disability-friendly", "subsidised-post"];

    private readonly Random _random = new(seed);

    public IReadOnlyList<CandidateProfile> Graduates(int count, int profiles)
    {
        var qualifications = Enumerable.Range(0, profiles).Select(_ => Qualification()).ToList();
        return [.. Enumerable.Range(0, count).Select(i => Protected(qualifications[_random.Next(profiles)] with { RecordId = $"G-{i:D5}", StudentId = $"S{i:D8}" }, i))];
    }

    public IReadOnlyList<VacancyRecord> Vacancies(int count) => [.. Enumerable.Range(0, count).Select(i => MatchRecords.Vacancy($"V-{i:D4}") with
    {
        WorkRegion = Pick(Regions.Where(r => r.EndsWith("00", StringComparison.Ordinal) is false).ToArray()),
        MinEducationLevel = _random.Next(4) == 0 ? null : Pick(["20", "30"]),
        Majors = _random.Next(3) == 0 ? [] : Some(Majors, 1, 3),
        Skills = Some(SkillPool, 1, 5),
        PayMin = 3000 + _random.Next(5) * 1000,
        PayMax = 6000 + _random.Next(6) * 1000,
        ContractType = Pick(Contracts),
        OccupationCode = Pick(["2-02-10-03", "2-06-01-02", "4-01-02-01", "6-28-01-01"]),
        AccessibilityFeatures = _random.Next(2) == 0 ? [] : Some(Features, 1, 3),
        PhysicalRequirements = _random.Next(2) == 0 ? [] : Some(Requirements, 1, 3),
        InclusiveHiring = _random.Next(2) == 0 ? [] : Some(Commitments, 1, 2),
    })];

    private GraduateRecord Qualification() => MatchRecords.Graduate() with
    {
        EducationLevel = Pick(Levels),
        MajorCode = Pick(Majors),
        Skills = Some(SkillPool, 0, 5),
        Preferences = _random.Next(5) == 0 ? null : new JobPreferences
        {
            Regions = Some(Regions, 0, 2),
            MinMonthlyPay = _random.Next(3) == 0 ? null : 4000 + _random.Next(5) * 1000,
            ContractTypes = Some(Contracts, 0, 2),
            Occupations = _random.Next(2) == 0 ? [] : [Pick(["2", "2-02", "4-01", "6"])],
        },
    };

    private CandidateProfile Protected(GraduateRecord graduate, int index)
    {
        var certifications = new List<CertificationRecord>();
        var flags = new List<string>();
        if (_random.Next(5) == 0)
            flags.Add(Pick(Hardships));
        if (_random.Next(6) == 0)
            certifications.Add(MatchRecords.Certification(Pick(Hardships), $"C-{index}"));
        var needs = _random.Next(8) == 0 ? Some(Needs, 1, 2) : [];
        if (needs.Count > 0 && _random.Next(2) == 0)
            certifications.Add(MatchRecords.Certification("disability", $"D-{index}"));
        return new CandidateProfile($"subject-{index:D5}", graduate with
        {
            Sex = Pick(["1", "2"]),
            OriginRegion = Pick(["410102", "410302", "420102", "510104", "530102"]),
            HardshipFlags = flags,
            AccommodationNeeds = needs,
        }, certifications);
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private List<string> Some(IReadOnlyList<string> items, int min, int max) =>
        [.. items.OrderBy(_ => _random.Next()).Take(_random.Next(min, max + 1))];
}
