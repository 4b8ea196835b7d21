using System.ComponentModel.DataAnnotations;
using Exchange.Core.Identifiers;

namespace Exchange.Core.Model;

/// <summary>A subject's consent for a grantee to receive categories of their data for purposes, over a period.</summary>
[ZhLabel("授权同意")]
public sealed record ConsentRecord : ISubjectRecord
{
    /// <summary>The sending system's identifier for this consent.</summary>
    [ZhLabel("记录标识")]
    [StringLength(64, MinimumLength = 1)]
    public required string RecordId { get; init; }

    /// <summary>The subject's resident id (GB 11643); replaced by a linkage key at the door.</summary>
    [ZhLabel("公民身份号码")]
    [Required]
    [RegularExpression(Identifiers.ResidentId.Pattern)]
    public string? ResidentId { get; init; }

    /// <summary>Who receives the data.</summary>
    [ZhLabel("被授权方")]
    public required ConsentGrantee Grantee { get; init; }

    /// <summary>Purposes consented to (code list <c>purpose</c>).</summary>
    [ZhLabel("使用目的")]
    [MinLength(1)]
    [MaxLength(10)]
    public required IReadOnlyList<string> Purposes { get; init; }

    /// <summary>Data categories consented to (code list <c>data-category</c>); sensitive categories need a consent of their own.</summary>
    [ZhLabel("数据类别")]
    [MinLength(1)]
    [MaxLength(10)]
    public required IReadOnlyList<string> DataCategories { get; init; }

    /// <summary>First day the consent holds.</summary>
    [ZhLabel("有效期起")]
    public required DateOnly ValidFrom { get; init; }

    /// <summary>Last day the consent holds.</summary>
    [ZhLabel("有效期止")]
    public required DateOnly ValidThrough { get; init; }

    /// <summary>Status (code list <c>consent-status</c>).</summary>
    [ZhLabel("状态")]
    [StringLength(20, MinimumLength = 1)]
    public required string Status { get; init; }

    /// <summary>When the consent was given.</summary>
    [ZhLabel("授权时间")]
    public required DateTimeOffset GivenAt { get; init; }

    /// <summary>When it was withdrawn; required when the status is withdrawn.</summary>
    [ZhLabel("撤回时间")]
    public DateTimeOffset? WithdrawnAt { get; init; }

    /// <summary>How the consent was captured.</summary>
    [ZhLabel("授权凭证")]
    public required ConsentEvidence Evidence { get; init; }

    /// <inheritdoc />
    public ISubjectRecord WithoutClearIdentifiers() => this with { ResidentId = null };
}

/// <summary>The receiver of consented data: one organisation, or every organisation of a role.</summary>
[ZhLabel("被授权方")]
public sealed record ConsentGrantee
{
    /// <summary>The organisation's unified social credit code, when the grantee is one organisation.</summary>
    [ZhLabel("机构代码")]
    [RegularExpression(CreditCode.Pattern)]
    public string? OrganisationCreditCode { get; init; }

    /// <summary>The role, when every organisation of that role is the grantee (code list <c>party-role</c>).</summary>
    [ZhLabel("角色")]
    [StringLength(20, MinimumLength = 1)]
    public string? Role { get; init; }
}

/// <summary>How a consent was captured.</summary>
[ZhLabel("授权凭证")]
public sealed record ConsentEvidence
{
    /// <summary>Method of capture (code list <c>consent-method</c>).</summary>
    [ZhLabel("授权方式")]
    [StringLength(32, MinimumLength = 1)]
    public required string Method { get; init; }

    /// <summary>Reference to the signed form, click log entry or recording in the sender's system.</summary>
    [ZhLabel("凭证编号")]
    [StringLength(200, MinimumLength = 1)]
    public required string Reference { get; init; }
}
