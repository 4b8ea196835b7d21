using System.ComponentModel.DataAnnotations;
using Exchange.Core.Identifiers;

namespace Exchange.Core.Model;

/// <summary>A graduate's satisfaction with a service.</summary>
[ZhLabel("服务评价")]
public sealed record FeedbackRecord : ISubjectRecord
{
    /// <summary>The sending system's identifier for this feedback.</summary>
    [ZhLabel("记录标识")]
    [StringLength(64, MinimumLength = 1)]
    public required string RecordId { get; init; }

    /// <summary>The graduate's resident id (GB 11643); replaced by a linkage key at the door.</summary>
    [ZhLabel("公民身份号码")]
    [Required]
    [RegularExpression(Identifiers.ResidentId.Pattern)]
    public string? ResidentId { get; init; }

    /// <summary>The record id of the service being rated.</summary>
    [ZhLabel("服务记录标识")]
    [StringLength(64, MinimumLength = 1)]
    public required string ServiceRecordId { get; init; }

    /// <summary>Day the graduate answered.</summary>
    [ZhLabel("评价日期")]
    public required DateOnly RespondedOn { get; init; }

    /// <summary>Satisfaction from 1 (very dissatisfied) to 5 (very satisfied).</summary>
    [ZhLabel("满意度")]
    [Range(1, 5)]
    public required int Satisfaction { get; init; }

    /// <summary>Free comment.</summary>
    [ZhLabel("意见建议")]
    [StringLength(1000)]
    public string? Comment { get; init; }

    /// <inheritdoc />
    public ISubjectRecord WithoutClearIdentifiers() => this with { ResidentId = null };
}
