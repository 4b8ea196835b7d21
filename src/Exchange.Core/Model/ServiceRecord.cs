using System.ComponentModel.DataAnnotations;
using Exchange.Core.Identifiers;

namespace Exchange.Core.Model;

/// <summary>A service delivered to a graduate: a policy briefing, career guidance, a job referral, training or an internship.</summary>
[ZhLabel("就业服务")]
public sealed record ServiceRecord : ISubjectRecord
{
    /// <summary>The provider system's identifier for this service event.</summary>
    [ZhLabel("记录标识")]
    [StringLength(64, MinimumLength = 1)]
    public required string RecordId { get; init; }

    /// <summary>The graduate's resident id (GB 11643); replaced by a linkage key at the door.</summary>
    [ZhLabel("公民身份号码")]
    [Required]
    [RegularExpression(Identifiers.ResidentId.Pattern)]
    public string? ResidentId { get; init; }

    /// <summary>Type of service (code list <c>service-type</c>).</summary>
    [ZhLabel("服务类型")]
    [StringLength(40, MinimumLength = 1)]
    public required string ServiceType { get; init; }

    /// <summary>The provider's unified social credit code (GB 32100).</summary>
    [ZhLabel("服务机构代码")]
    [RegularExpression(CreditCode.Pattern)]
    public required string ProviderCreditCode { get; init; }

    /// <summary>The provider's name.</summary>
    [ZhLabel("服务机构名称")]
    [StringLength(200, MinimumLength = 1)]
    public required string ProviderName { get; init; }

    /// <summary>Day the service was delivered.</summary>
    [ZhLabel("服务日期")]
    public required DateOnly DeliveredOn { get; init; }

    /// <summary>How it was delivered (code list <c>service-channel</c>).</summary>
    [ZhLabel("服务方式")]
    [StringLength(20, MinimumLength = 1)]
    public required string Channel { get; init; }

    /// <summary>For a policy briefing, the programme's record id.</summary>
    [ZhLabel("关联政策")]
    [StringLength(64, MinimumLength = 1)]
    public string? PolicyRecordId { get; init; }

    /// <summary>For a job referral, the vacancy's record id.</summary>
    [ZhLabel("推荐岗位")]
    [StringLength(64, MinimumLength = 1)]
    public string? VacancyRecordId { get; init; }

    /// <summary>For a job referral, the vacancy's employer (GB 32100): two employers may use one record id.</summary>
    [ZhLabel("推荐岗位用人单位代码")]
    [RegularExpression(CreditCode.Pattern)]
    public string? VacancyEmployerCreditCode { get; init; }

    /// <summary>For training or an internship, hours delivered.</summary>
    [ZhLabel("服务时长(小时)")]
    [Range(0, 10_000)]
    public int? Hours { get; init; }

    /// <summary>Short outcome note, without personal details.</summary>
    [ZhLabel("服务结果")]
    [StringLength(500)]
    public string? Outcome { get; init; }

    /// <inheritdoc />
    public ISubjectRecord WithoutClearIdentifiers() => this with { ResidentId = null };
}
