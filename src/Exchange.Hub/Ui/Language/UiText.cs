namespace Exchange.Hub.Ui.Language;

/// <summary>
/// Every word the pages show, once per language. Properties rather than string keys, so that a
/// text missing in one language fails the build instead of showing a key.
/// </summary>
public sealed class UiText
{
    public required string LanguageName { get; init; }
    public required string AppName { get; init; }
    public required string SkipToContent { get; init; }
    public required string MainNavigation { get; init; }
    public required string SwitchLanguage { get; init; }
    public required string SignedInAs { get; init; }
    public required string SignOut { get; init; }

    public required string SignInTitle { get; init; }
    public required string SignInIntro { get; init; }
    public required string SignInWithProvider { get; init; }
    public required string DevelopmentSignInTitle { get; init; }
    public required string DevelopmentSignInWarning { get; init; }
    public required string RegisteredClient { get; init; }
    public required string SignIn { get; init; }
    public required string NoSignInConfigured { get; init; }
    public required string SignInFailed { get; init; }

    public required string ForbiddenTitle { get; init; }
    public required string ForbiddenText { get; init; }
    public required string ForbiddenAuditText { get; init; }
    public required string ForbiddenGraduateText { get; init; }

    public required string UnavailableTitle { get; init; }
    public required string UnavailableText { get; init; }
    public required string UnavailableFormText { get; init; }
    public required string ErrorTitle { get; init; }
    public required string ErrorText { get; init; }
    public required string NotFoundTitle { get; init; }
    public required string NotFoundText { get; init; }
    public required string BackToAgreements { get; init; }

    public required string AgreementsTitle { get; init; }
    public required string AgreementsIntro { get; init; }
    public required string NoAgreements { get; init; }
    public required string NewAgreement { get; init; }
    public required string Grantee { get; init; }
    public required string Provider { get; init; }
    public required string AnyProvider { get; init; }
    public required string Categories { get; init; }
    public required string Purposes { get; init; }
    public required string Validity { get; init; }
    public required string Version { get; init; }
    public required string Status { get; init; }
    public required string Actions { get; init; }
    public required string History { get; init; }
    public required string NewVersion { get; init; }
    public required string Revoke { get; init; }
    public required string Active { get; init; }
    public required string Revoked { get; init; }
    public required string RecordedAt { get; init; }
    public required string RecordedBy { get; init; }
    public required string LegalBasis { get; init; }
    public required string OnWithdrawal { get; init; }
    public required string Retain { get; init; }
    public required string LegalBasisType { get; init; }
    public required string BasisConsent { get; init; }
    public required string BasisStatutoryDuty { get; init; }
    public required string Erase { get; init; }
    public required string RoleGrantee { get; init; }

    public required string HistoryTitle { get; init; }
    public required string VersionRecorded { get; init; }
    public required string AgreementRevoked { get; init; }

    public required string NewAgreementTitle { get; init; }
    public required string NewVersionTitle { get; init; }
    public required string ReplacesVersion { get; init; }
    public required string ProviderLabel { get; init; }
    public required string ProviderHint { get; init; }
    public required string GranteeLegend { get; init; }
    public required string GranteeHint { get; init; }
    public required string GranteeOrganisationLabel { get; init; }
    public required string GranteeRoleLabel { get; init; }
    public required string NoRole { get; init; }
    public required string CategoriesHint { get; init; }
    public required string PurposesHint { get; init; }
    public required string ValidFromLabel { get; init; }
    public required string ValidThroughLabel { get; init; }
    public required string DateHint { get; init; }
    public required string LegalBasisHint { get; init; }
    public required string Record { get; init; }
    public required string Cancel { get; init; }

    public required string ErrorSummaryTitle { get; init; }
    public required string ErrorTitlePrefix { get; init; }
    public required string DateRequired { get; init; }
    public required string DateInvalid { get; init; }
    public required string GranteeRequired { get; init; }
    public required string UnknownRole { get; init; }
    public required string UnknownCategory { get; init; }
    public required string UnknownPurpose { get; init; }
    public required string GranteeNotOne { get; init; }
    public required string NoCategoryOrPurpose { get; init; }
    public required string PeriodReversed { get; init; }
    public required string LegalBasisMissing { get; init; }
    public required string TermsInvalid { get; init; }
    public required string VersionConflict { get; init; }
    public required string AlreadyRevoked { get; init; }

    public required string RevokeTitle { get; init; }
    public required string RevokeQuestion { get; init; }
    public required string RevokeConsequence { get; init; }
    public required string ConfirmRevoke { get; init; }

    // The steward's consents, review queue and audit in the header's navigation.
    public required string NavConsents { get; init; }
    public required string NavReviews { get; init; }
    public required string NavAudit { get; init; }

    public required IReadOnlyDictionary<string, string> RoleNames { get; init; }
    public required IReadOnlyDictionary<string, string> CategoryNames { get; init; }
    public required IReadOnlyDictionary<string, string> PurposeNames { get; init; }

    public string Role(string code) => RoleNames.GetValueOrDefault(code, code);
    public string Category(string code) => CategoryNames.GetValueOrDefault(code, code);
    public string Purpose(string code) => PurposeNames.GetValueOrDefault(code, code);

    public static UiText For(UiLanguage language) => language == UiLanguage.English ? UiTexts.English : UiTexts.Chinese;

    public static UiText Of(HttpContext context) => For(UiLanguages.Of(context));
}
