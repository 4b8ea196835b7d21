using System.ComponentModel.DataAnnotations;
using Exchange.Core.Identifiers;

namespace Exchange.Core.Model;

/// <summary>A student record pushed by a university: who the graduate is, what they studied and what they look for.</summary>
[ZhLabel("毕业生")]
public sealed record GraduateRecord : ISubjectRecord
{
    /// <summary>The university system's identifier for this record.</summary>
    [ZhLabel("记录标识")]
    [StringLength(64, MinimumLength = 1)]
    public required string RecordId { get; init; }

    /// <summary>The Ministry of Education institution code (学校标识码), ten digits.</summary>
    [ZhLabel("学校标识码")]
    [RegularExpression(@"^[0-9]{10}$")]
    public required string InstitutionCode { get; init; }

    /// <summary>The student number at the institution.</summary>
    [ZhLabel("学号")]
    [StringLength(32, MinimumLength = 1)]
    public required string StudentId { get; init; }

    /// <summary>
    /// The resident id (GB 11643), 18 characters or the legacy 15 digits; replaced by a linkage key
    /// at the door. Send it whenever the source holds it: a graduate without one (a legacy ledger,
    /// an id mistyped and dropped) is linked to a person by entity resolution, on name, birth date,
    /// student number and phone.
    /// </summary>
    [ZhLabel("公民身份号码")]
    [RegularExpression(Identifiers.ResidentId.Pattern)]
    public string? ResidentId { get; init; }

    /// <summary>The graduate's full name.</summary>
    [ZhLabel("姓名")]
    [StringLength(64, MinimumLength = 1)]
    public required string Name { get; init; }

    /// <summary>Sex, GB/T 2261.1 code (code list <c>sex</c>).</summary>
    [ZhLabel("性别码")]
    [StringLength(1, MinimumLength = 1)]
    public required string Sex { get; init; }

    /// <summary>Date of birth.</summary>
    [ZhLabel("出生日期")]
    public required DateOnly BirthDate { get; init; }

    /// <summary>Region of origin (生源地), GB/T 2260 county-level code (code list <c>admin-division</c>).</summary>
    [ZhLabel("生源地代码")]
    [RegularExpression(@"^[0-9]{6}$")]
    public required string OriginRegion { get; init; }

    /// <summary>Education level being completed, GB/T 4658 code (code list <c>education-level</c>).</summary>
    [ZhLabel("学历层次码")]
    [RegularExpression(@"^[0-9]{2}$")]
    public required string EducationLevel { get; init; }

    /// <summary>Major code from the national catalogue: six digits with an optional K or T suffix, e.g. 120203K.</summary>
    [ZhLabel("专业代码")]
    [RegularExpression(@"^[0-9]{6}[KT]{0,2}$")]
    public required string MajorCode { get; init; }

    /// <summary>Major name as the institution records it.</summary>
    [ZhLabel("专业名称")]
    [StringLength(64, MinimumLength = 1)]
    public required string MajorName { get; init; }

    /// <summary>Date of enrolment.</summary>
    [ZhLabel("入学日期")]
    public required DateOnly EnrolmentDate { get; init; }

    /// <summary>Expected or actual graduation date.</summary>
    [ZhLabel("毕业日期")]
    public required DateOnly GraduationDate { get; init; }

    /// <summary>Graduating cohort year (毕业届别), e.g. 2026.</summary>
    [ZhLabel("毕业届别")]
    [Range(1980, 2100)]
    public required int Cohort { get; init; }

    /// <summary>Skills the graduate holds, as short phrases.</summary>
    [ZhLabel("技能")]
    [MaxLength(50)]
    public IReadOnlyList<string> Skills { get; init => field = value ?? []; } = [];

    /// <summary>Certificates and qualifications obtained.</summary>
    [ZhLabel("证书")]
    [MaxLength(30)]
    public IReadOnlyList<Certificate> Certificates { get; init => field = value ?? []; } = [];

    /// <summary>What work the graduate is looking for.</summary>
    [ZhLabel("求职意向")]
    public JobPreferences? Preferences { get; init; }

    /// <summary>Workplace accommodations the graduate has asked for; sensitive, released only under disability consent.</summary>
    [ZhLabel("合理便利需求")]
    [MaxLength(10)]
    public IReadOnlyList<string> AccommodationNeeds { get; init => field = value ?? []; } = [];

    /// <summary>Hardship types the university has flagged for certification (code list <c>hardship-type</c>); a flag is not a certification.</summary>
    [ZhLabel("学校标记困难类型")]
    [MaxLength(7)]
    public IReadOnlyList<string> HardshipFlags { get; init => field = value ?? []; } = [];

    /// <summary>How to reach the graduate.</summary>
    [ZhLabel("联系方式")]
    public ContactDetails? Contact { get; init; }

    /// <inheritdoc />
    public ISubjectRecord WithoutClearIdentifiers() => this with { ResidentId = null };
}

/// <summary>A certificate or qualification.</summary>
[ZhLabel("证书")]
public sealed record Certificate
{
    /// <summary>Name of the certificate, e.g. 全国大学英语六级.</summary>
    [ZhLabel("证书名称")]
    [StringLength(100, MinimumLength = 1)]
    public required string Name { get; init; }

    /// <summary>Issuing body.</summary>
    [ZhLabel("发证机构")]
    [StringLength(100)]
    public string? Issuer { get; init; }

    /// <summary>Date obtained.</summary>
    [ZhLabel("取得日期")]
    public DateOnly? ObtainedOn { get; init; }
}

/// <summary>What work a graduate is looking for.</summary>
[ZhLabel("求职意向")]
public sealed record JobPreferences
{
    /// <summary>Preferred work regions, GB/T 2260 codes at any level.</summary>
    [ZhLabel("意向地区")]
    [MaxLength(10)]
    public IReadOnlyList<string> Regions { get; init => field = value ?? []; } = [];

    /// <summary>Preferred occupations, national occupational classification codes such as 2-02-38-01 or a major group such as 2.</summary>
    [ZhLabel("意向职业")]
    [MaxLength(10)]
    public IReadOnlyList<string> Occupations { get; init => field = value ?? []; } = [];

    /// <summary>Lowest acceptable monthly pay in yuan.</summary>
    [ZhLabel("期望最低月薪")]
    [Range(0, 1_000_000)]
    public int? MinMonthlyPay { get; init; }

    /// <summary>Acceptable contract types (code list <c>contract-type</c>).</summary>
    [ZhLabel("可接受用工形式")]
    [MaxLength(6)]
    public IReadOnlyList<string> ContractTypes { get; init => field = value ?? []; } = [];
}

/// <summary>Contact details.</summary>
[ZhLabel("联系方式")]
public sealed record ContactDetails
{
    /// <summary>Mobile phone number.</summary>
    [ZhLabel("手机号码")]
    [RegularExpression(@"^\+?[0-9][0-9 -]{5,19}$")]
    public string? Phone { get; init; }

    /// <summary>E-mail address.</summary>
    [ZhLabel("电子邮箱")]
    [StringLength(254)]
    [RegularExpression(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    public string? Email { get; init; }
}
