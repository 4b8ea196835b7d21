using System.ComponentModel.DataAnnotations;
using Exchange.Core.Identifiers;

namespace Exchange.Core.Model;

/// <summary>A programme run by a bureau, such as the one-off job-seeking subsidy, with who is eligible and how to apply.</summary>
[ZhLabel("政策项目")]
public sealed record PolicyRecord : ICanonicalRecord
{
    /// <summary>The bureau system's identifier for this programme.</summary>
    [ZhLabel("记录标识")]
    [StringLength(64, MinimumLength = 1)]
    public required string RecordId { get; init; }

    /// <summary>The issuing bureau's unified social credit code (GB 32100).</summary>
    [ZhLabel("发布机构代码")]
    [RegularExpression(CreditCode.Pattern)]
    public required string IssuerCreditCode { get; init; }

    /// <summary>The issuing bureau's name.</summary>
    [ZhLabel("发布机构名称")]
    [StringLength(200, MinimumLength = 1)]
    public required string IssuerName { get; init; }

    /// <summary>Programme title.</summary>
    [ZhLabel("政策名称")]
    [StringLength(200, MinimumLength = 1)]
    public required string Title { get; init; }

    /// <summary>Region where the programme applies, GB/T 2260 code at any level.</summary>
    [ZhLabel("适用地区")]
    [RegularExpression(@"^[0-9]{6}$")]
    public required string Region { get; init; }

    /// <summary>Who may benefit.</summary>
    [ZhLabel("申领条件")]
    public required PolicyEligibility Eligibility { get; init; }

    /// <summary>What the programme gives.</summary>
    [ZhLabel("补贴或服务内容")]
    public required PolicyBenefit Benefit { get; init; }

    /// <summary>How to apply: the office, platform or procedure.</summary>
    [ZhLabel("申领渠道")]
    [StringLength(500, MinimumLength = 1)]
    public required string Channel { get; init; }

    /// <summary>First day the programme accepts applications.</summary>
    [ZhLabel("有效期起")]
    public required DateOnly ValidFrom { get; init; }

    /// <summary>Last day the programme accepts applications.</summary>
    [ZhLabel("有效期止")]
    public required DateOnly ValidThrough { get; init; }
}

/// <summary>Eligibility rules of a programme; every non-empty list must be met.</summary>
[ZhLabel("申领条件")]
public sealed record PolicyEligibility
{
    /// <summary>Certified statuses that qualify (code list <c>hardship-type</c>); any one suffices.</summary>
    [ZhLabel("认定类型")]
    [MaxLength(10)]
    public IReadOnlyList<string> CertificationTypes { get; init => field = value ?? []; } = [];

    /// <summary>Education levels that qualify, GB/T 4658 codes.</summary>
    [ZhLabel("学历层次")]
    [MaxLength(20)]
    public IReadOnlyList<string> EducationLevels { get; init => field = value ?? []; } = [];

    /// <summary>Graduating cohorts that qualify, e.g. 2026.</summary>
    [ZhLabel("毕业届别")]
    [MaxLength(10)]
    public IReadOnlyList<int> Cohorts { get; init => field = value ?? []; } = [];
}

/// <summary>What a programme gives.</summary>
[ZhLabel("补贴或服务内容")]
public sealed record PolicyBenefit
{
    /// <summary>Kind of benefit (code list <c>benefit-type</c>).</summary>
    [ZhLabel("补贴类型")]
    [StringLength(32, MinimumLength = 1)]
    public required string Type { get; init; }

    /// <summary>Amount in yuan, for a cash benefit.</summary>
    [ZhLabel("补贴金额")]
    [Range(0, 1_000_000)]
    public int? AmountYuan { get; init; }

    /// <summary>Plain description of the benefit.</summary>
    [ZhLabel("说明")]
    [StringLength(1000)]
    public string? Description { get; init; }
}
