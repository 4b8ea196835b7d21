using System.ComponentModel.DataAnnotations;
using Exchange.Core.Identifiers;

namespace Exchange.Core.Model;

/// <summary>A hardship or disability status certified by a government bureau, with its validity.</summary>
[ZhLabel("困难身份认定")]
public sealed record CertificationRecord : ISubjectRecord
{
    /// <summary>The bureau system's identifier for this certification.</summary>
    [ZhLabel("记录标识")]
    [StringLength(64, MinimumLength = 1)]
    public required string RecordId { get; init; }

    /// <summary>The certified person's resident id (GB 11643); replaced by a linkage key at the door.</summary>
    [ZhLabel("公民身份号码")]
    [Required]
    [RegularExpression(Identifiers.ResidentId.Pattern)]
    public string? ResidentId { get; init; }

    /// <summary>What is certified (code list <c>hardship-type</c>).</summary>
    [ZhLabel("认定类型")]
    [StringLength(40, MinimumLength = 1)]
    public required string CertificationType { get; init; }

    /// <summary>Disability category, GB/T 26341 (code list <c>disability-category</c>); only for a disability certification.</summary>
    [ZhLabel("残疾类别")]
    [RegularExpression(@"^[1-7]$")]
    public string? DisabilityCategory { get; init; }

    /// <summary>Disability grade, 1 (most severe) to 4 (code list <c>disability-grade</c>); only for a disability certification.</summary>
    [ZhLabel("残疾等级")]
    [RegularExpression(@"^[1-4]$")]
    public string? DisabilityGrade { get; init; }

    /// <summary>The certificate's number as issued; for a disability certificate it embeds the resident id, so it is removed at the door.</summary>
    [ZhLabel("证件编号")]
    [StringLength(40, MinimumLength = 1)]
    public string? CertificateNumber { get; init; }

    /// <summary>The issuing bureau's unified social credit code (GB 32100).</summary>
    [ZhLabel("认定机构代码")]
    [RegularExpression(CreditCode.Pattern)]
    public required string IssuerCreditCode { get; init; }

    /// <summary>The issuing bureau's name.</summary>
    [ZhLabel("认定机构名称")]
    [StringLength(200, MinimumLength = 1)]
    public required string IssuerName { get; init; }

    /// <summary>The region the bureau serves, GB/T 2260 code.</summary>
    [ZhLabel("认定机构行政区划")]
    [RegularExpression(@"^[0-9]{6}$")]
    public required string IssuerRegion { get; init; }

    /// <summary>First day the certification holds.</summary>
    [ZhLabel("有效期起")]
    public required DateOnly ValidFrom { get; init; }

    /// <summary>Last day the certification holds; absent when open-ended.</summary>
    [ZhLabel("有效期止")]
    public DateOnly? ValidThrough { get; init; }

    /// <summary>Status (code list <c>certification-status</c>).</summary>
    [ZhLabel("认定状态")]
    [StringLength(20, MinimumLength = 1)]
    public required string Status { get; init; }

    /// <inheritdoc />
    public ISubjectRecord WithoutClearIdentifiers() => this with { ResidentId = null, CertificateNumber = null };
}
