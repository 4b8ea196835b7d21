using Exchange.Access.Audit;
using Exchange.Hub.Ui.Language;

namespace Exchange.Hub.Ui.Audit;

/// <summary>The words of the audit pages, once per language.</summary>
public sealed class AuditText
{
    public required string AuditTitle { get; init; }
    public required string AuditIntro { get; init; }
    public required string FilterTitle { get; init; }
    public required string SubjectLabel { get; init; }
    public required string SubjectHint { get; init; }
    public required string CallerLabel { get; init; }
    public required string CallerHint { get; init; }
    public required string FromLabel { get; init; }
    public required string UntilLabel { get; init; }
    public required string TimeHint { get; init; }
    public required string TimeInvalid { get; init; }
    public required string DecisionLabel { get; init; }
    public required string AnyDecision { get; init; }
    public required string DecisionInvalid { get; init; }
    public required string ActionLabel { get; init; }
    public required string ActionHint { get; init; }
    public required string RuleLabel { get; init; }
    public required string RuleHint { get; init; }
    public required string Filter { get; init; }
    public required string ClearFilters { get; init; }
    public required string NoEntries { get; init; }
    public required string EntriesCaption { get; init; }
    public required string Sequence { get; init; }
    public required string At { get; init; }
    public required string Caller { get; init; }
    public required string Purpose { get; init; }
    public required string Subject { get; init; }
    public required string Action { get; init; }
    public required string FieldsReleased { get; init; }
    public required string Decision { get; init; }
    public required string Rule { get; init; }
    public required string Permit { get; init; }
    public required string Deny { get; init; }
    public required string Paging { get; init; }
    public required string NextPage { get; init; }
    public required string FirstPage { get; init; }
    public required string VerifyLink { get; init; }

    public required string VerifyTitle { get; init; }
    public required string VerifyIntro { get; init; }
    public required string AnchorLabel { get; init; }
    public required string AnchorHint { get; init; }
    public required string AnchorInvalid { get; init; }
    public required string Verify { get; init; }
    public required string IntactTitle { get; init; }
    public required string IntactText { get; init; }
    public required string HeadText { get; init; }
    public required string BrokenTitle { get; init; }
    public required string BrokenText { get; init; }
    public required string DetailLabel { get; init; }
    public required string BackToAudit { get; init; }
    public required IReadOnlyDictionary<AuditFault, string> Faults { get; init; }

    public static AuditText For(UiLanguage language) => language == UiLanguage.English ? AuditTexts.English : AuditTexts.Chinese;
}
