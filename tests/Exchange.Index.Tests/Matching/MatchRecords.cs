using Exchange.Core.Model;

namespace Exchange.Index.Tests.Matching;

/// <summary>Plain graduates, vacancies and certifications to vary in one property at a time.</summary>
internal static class MatchRecords
{
    public static readonly DateOnly Today = new(2026, 6, 15);

    public static GraduateRecord Graduate(string id = "G-1") => new()
    {
        RecordId = id,
        InstitutionCode = "4111010001",
        StudentId = "2022" + id,
        Name = "测试学生",
        Sex = "2",
        BirthDate = new DateOnly(2004, 3, 1),
        OriginRegion = "410102",
        EducationLevel = "20",
        MajorCode = "080901",
        MajorName = "计算机科学与技术",
        EnrolmentDate = new DateOnly(2022, 9, 1),
        GraduationDate = new DateOnly(2026, 6, 30),
        Cohort = 2026,
        Skills = ["Java", "SQL"],
        Preferences = new JobPreferences { Regions = ["410100"], MinMonthlyPay = 5000, ContractTypes = ["open-ended"], Occupations = ["2-02"] },
    };

    public static VacancyRecord Vacancy(string id = "V-1") => new()
    {
        RecordId = id,
        EmployerCreditCode = "914403001922038216",
        EmployerName = "华为技术有限公司",
        Title = "软件工程师",
        OccupationCode = "2-02-10-03",
        WorkRegion = "410105",
        MinEducationLevel = "20",
        Majors = ["080901"],
        Skills = ["Java", "Python", "SQL"],
        PayMin = 6000,
        PayMax = 9000,
        ContractType = "open-ended",
        ValidFrom = Today.AddDays(-30),
        ValidThrough = Today.AddDays(60),
    };

    public static CertificationRecord Certification(string type, string id = "C-1") => new()
    {
        RecordId = id,
        CertificationType = type,
        DisabilityCategory = type == "disability" ? "4" : null,
        DisabilityGrade = type == "disability" ? "3" : null,
        IssuerCreditCode = "11410102MB1234567X",
        IssuerName = "郑州市中原区民政局",
        IssuerRegion = "410102",
        ValidFrom = Today.AddDays(-100),
        ValidThrough = Today.AddDays(200),
        Status = "active",
    };

    public static Exchange.Index.Matching.CandidateProfile Profile(GraduateRecord graduate, params CertificationRecord[] certifications) =>
        new("key-" + graduate.RecordId, graduate, certifications);
}
