using System.ComponentModel.DataAnnotations;
using Exchange.Core.Identifiers;

namespace Exchange.Core.Model;

/// <summary>An employment outcome: the graduate's destination (毕业去向) and its follow-ups.</summary>
[ZhLabel("毕业去向")]
public sealed record PlacementRecord : ISubjectRecord
{
    /// <summary>The sending system's identifier for this placement.</summary>
    [ZhLabel("记录标识")]
    [StringLength(64, MinimumLength = 1)]
    public required string RecordId { get; init; }

    /// <summary>The graduate's resident id (GB 11643); replaced by a linkage key at the door.</summary>
    [ZhLabel("公民身份号码")]
    [Required]
    [RegularExpression(Identifiers.ResidentId.Pattern)]
    public string? ResidentId { get; init; }

    /// <summary>Graduate destination code of the Ministry of Education, two or three digits (code list <c>destination</c>).</summary>
    [ZhLabel("毕业去向代码")]
    [RegularExpression(@"^[0-9]{2,3}$")]
    public required string DestinationCode { get; init; }

    /// <summary>Graduating cohort year.</summary>
    [ZhLabel("毕业届别")]
    [Range(1980, 2100)]
    public required int Cohort { get; init; }

    /// <summary>The employer's unified social credit code (GB 32100), when there is an employer.</summary>
    [ZhLabel("单位统一社会信用代码")]
    [RegularExpression(CreditCode.Pattern)]
    public string? EmployerCreditCode { get; init; }

    /// <summary>The employer's or school's name.</summary>
    [ZhLabel("单位名称")]
    [StringLength(200)]
    public string? EmployerName { get; init; }

    /// <summary>Occupation, 2022 national occupational classification code.</summary>
    [ZhLabel("职业代码")]
    [RegularExpression(@"^[1-8](-[0-9]{2}){0,3}$")]
    public string? OccupationCode { get; init; }

    /// <summary>Where the work is, GB/T 2260 code.</summary>
    [ZhLabel("工作地点")]
    [RegularExpression(@"^[0-9]{6}$")]
    public string? WorkRegion { get; init; }

    /// <summary>First day of work or study.</summary>
    [ZhLabel("起始日期")]
    public required DateOnly StartDate { get; init; }

    /// <summary>Contract type (code list <c>contract-type</c>).</summary>
    [ZhLabel("用工形式")]
    [StringLength(32)]
    public string? ContractType { get; init; }

    /// <summary>Monthly pay in yuan; required as evidence for destinations 12, 27x and 76.</summary>
    [ZhLabel("月收入")]
    [Range(0, 1_000_000)]
    public int? MonthlyPay { get; init; }

    /// <summary>True when the graduate's signed statement is on file, as destination 76 requires.</summary>
    [ZhLabel("已签署个人声明")]
    public bool SignedStatement { get; init; }

    /// <summary>Later checks that the graduate is still in place.</summary>
    [ZhLabel("跟踪回访")]
    [MaxLength(24)]
    public IReadOnlyList<PlacementFollowUp> FollowUps { get; init => field = value ?? []; } = [];

    /// <inheritdoc />
    public ISubjectRecord WithoutClearIdentifiers() => this with { ResidentId = null };
}

/// <summary>A follow-up check on a placement.</summary>
[ZhLabel("跟踪回访")]
public sealed record PlacementFollowUp
{
    /// <summary>Day of the check.</summary>
    [ZhLabel("回访日期")]
    public required DateOnly CheckedOn { get; init; }

    /// <summary>Whether the graduate is still in the placement.</summary>
    [ZhLabel("是否在岗")]
    public required bool StillInPlace { get; init; }
}
