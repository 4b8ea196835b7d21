using System.ComponentModel.DataAnnotations;
using Exchange.Core.Identifiers;

namespace Exchange.Core.Model;

/// <summary>A job pushed by an employer's HR system.</summary>
[ZhLabel("招聘岗位")]
public sealed record VacancyRecord : ICanonicalRecord
{
    /// <summary>The employer system's identifier for this vacancy.</summary>
    [ZhLabel("记录标识")]
    [StringLength(64, MinimumLength = 1)]
    public required string RecordId { get; init; }

    /// <summary>The employer's unified social credit code (GB 32100).</summary>
    [ZhLabel("统一社会信用代码")]
    [RegularExpression(CreditCode.Pattern)]
    public required string EmployerCreditCode { get; init; }

    /// <summary>The employer's registered name.</summary>
    [ZhLabel("单位名称")]
    [StringLength(200, MinimumLength = 1)]
    public required string EmployerName { get; init; }

    /// <summary>Job title.</summary>
    [ZhLabel("岗位名称")]
    [StringLength(100, MinimumLength = 1)]
    public required string Title { get; init; }

    /// <summary>Occupation in the 2022 national occupational classification, e.g. 2-02-38-01 (code list <c>occupation-major-group</c> checks the major group).</summary>
    [ZhLabel("职业代码")]
    [RegularExpression(@"^[1-8](-[0-9]{2}){0,3}$")]
    public required string OccupationCode { get; init; }

    /// <summary>Where the work is, GB/T 2260 code.</summary>
    [ZhLabel("工作地点")]
    [RegularExpression(@"^[0-9]{6}$")]
    public required string WorkRegion { get; init; }

    /// <summary>Lowest education level accepted, GB/T 4658 code.</summary>
    [ZhLabel("最低学历要求")]
    [RegularExpression(@"^[0-9]{2}$")]
    public string? MinEducationLevel { get; init; }

    /// <summary>Majors sought, national catalogue codes; empty means any.</summary>
    [ZhLabel("专业要求")]
    [MaxLength(30)]
    public IReadOnlyList<string> Majors { get; init => field = value ?? []; } = [];

    /// <summary>Skills sought, as short phrases.</summary>
    [ZhLabel("技能要求")]
    [MaxLength(50)]
    public IReadOnlyList<string> Skills { get; init => field = value ?? []; } = [];

    /// <summary>Lowest monthly pay offered, yuan.</summary>
    [ZhLabel("月薪下限")]
    [Range(0, 1_000_000)]
    public int? PayMin { get; init; }

    /// <summary>Highest monthly pay offered, yuan.</summary>
    [ZhLabel("月薪上限")]
    [Range(0, 1_000_000)]
    public int? PayMax { get; init; }

    /// <summary>Contract type (code list <c>contract-type</c>).</summary>
    [ZhLabel("用工形式")]
    [StringLength(32, MinimumLength = 1)]
    public required string ContractType { get; init; }

    /// <summary>Number of positions open; absent when the employer does not say.</summary>
    [ZhLabel("招聘人数")]
    [Range(1, 100_000)]
    public int? Positions { get; init; }

    /// <summary>Accessibility features of the workplace or job (code list <c>accessibility-feature</c>).</summary>
    [ZhLabel("无障碍条件")]
    [MaxLength(20)]
    public IReadOnlyList<string> AccessibilityFeatures { get; init => field = value ?? []; } = [];

    /// <summary>
    /// What the job asks of the body and senses (code list <c>job-requirement</c>), e.g. standing for long
    /// periods or visual-only work; absent when the employer does not say. Matching explains a
    /// conflict with a graduate's accommodation needs; it never excludes anyone on it.
    /// </summary>
    [ZhLabel("岗位身体与感官要求")]
    [MaxLength(12)]
    public IReadOnlyList<string> PhysicalRequirements { get; init => field = value ?? []; } = [];

    /// <summary>Inclusive-hiring commitments (code list <c>inclusive-hiring</c>).</summary>
    [ZhLabel("包容性招聘标识")]
    [MaxLength(10)]
    public IReadOnlyList<string> InclusiveHiring { get; init => field = value ?? []; } = [];

    /// <summary>First day the vacancy is open.</summary>
    [ZhLabel("有效期起")]
    public required DateOnly ValidFrom { get; init; }

    /// <summary>Last day the vacancy is open.</summary>
    [ZhLabel("有效期止")]
    public required DateOnly ValidThrough { get; init; }
}
