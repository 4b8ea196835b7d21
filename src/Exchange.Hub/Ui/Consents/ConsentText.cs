using Exchange.Hub.Ui.Language;

namespace Exchange.Hub.Ui.Consents;

/// <summary>The words of the consents pages, once per language; the shared words stay in <see cref="UiText"/>.</summary>
public sealed class ConsentText
{
    public required string ConsentsTitle { get; init; }
    public required string ConsentsIntro { get; init; }
    public required string FindTitle { get; init; }
    public required string SubjectKeyLabel { get; init; }
    public required string SubjectKeyHint { get; init; }
    public required string ResidentIdLabel { get; init; }
    public required string ResidentIdHint { get; init; }
    public required string Find { get; init; }
    public required string FindByResidentId { get; init; }
    public required string SubjectKeyRequired { get; init; }
    public required string HandleUnknown { get; init; }
    public required string ResidentIdRequired { get; init; }
    public required string ConsentsOfSubject { get; init; }
    public required string NoConsents { get; init; }
    public required string RecordConsent { get; init; }
    public required string Grantee { get; init; }
    public required string Evidence { get; init; }
    public required string Source { get; init; }
    public required string ChangeHistory { get; init; }
    public required string Given { get; init; }
    public required string WithdrawnAtLabel { get; init; }
    public required string Active { get; init; }
    public required string Withdrawn { get; init; }
    public required string Withdraw { get; init; }
    public required string ConsentRecorded { get; init; }
    public required string ConsentWithdrawn { get; init; }

    public required string NewConsentTitle { get; init; }
    public required string NewConsentIntro { get; init; }
    public required string RecordIdLabel { get; init; }
    public required string RecordIdHint { get; init; }
    public required string NewResidentIdLabel { get; init; }
    public required string NewResidentIdHint { get; init; }
    public required string GivenAtLabel { get; init; }
    public required string GivenAtHint { get; init; }
    public required string EvidenceMethodLabel { get; init; }
    public required string EvidenceReferenceLabel { get; init; }
    public required string EvidenceReferenceHint { get; init; }
    public required string NoMethod { get; init; }
    public required string CategoriesHint { get; init; }
    public required string NotYetInForce { get; init; }

    public required string WithdrawTitle { get; init; }
    public required string WithdrawQuestion { get; init; }
    public required string WithdrawConsequence { get; init; }
    public required string ConfirmWithdraw { get; init; }
    public required string AlreadyWithdrawn { get; init; }
    public required string MissingConsent { get; init; }
    public required string BackToConsents { get; init; }

    public required string AllVersions { get; init; }
    public required string HistoryTitle { get; init; }
    public required string HistoryIntro { get; init; }
    public required string VersionLabel { get; init; }
    public required string ChangeLabel { get; init; }
    public required string RecordedAtLabel { get; init; }
    public required string ChangeReceived { get; init; }
    public required string ChangeRevised { get; init; }
    public required string ChangeWithdrawn { get; init; }

    /// <summary>What a version did, in words.</summary>
    public string Change(string change) => change switch
    {
        Exchange.Access.Consent.ConsentVersion.Received => ChangeReceived,
        Exchange.Access.Consent.ConsentVersion.Revised => ChangeRevised,
        Exchange.Access.Consent.ConsentVersion.Withdrawn => ChangeWithdrawn,
        _ => change,
    };

    public required IReadOnlyDictionary<string, string> MethodNames { get; init; }

    public string Method(string code) => MethodNames.GetValueOrDefault(code, code);

    public static ConsentText For(UiLanguage language) => language == UiLanguage.English ? ConsentTexts.English : ConsentTexts.Chinese;
}
