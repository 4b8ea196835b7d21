using Exchange.Hub.Ui.Language;

namespace Exchange.Hub.Ui.Graduates;

/// <summary>
/// The words of a graduate's own pages (and of the stewards' page of graduates' requests), once per
/// language. Properties, so that a text missing in one language fails the build.
/// </summary>
public sealed class GraduateText
{
    public required string MyDataNav { get; init; }
    public required string SignedInAsGraduate { get; init; }

    public required string DevelopmentGraduateTitle { get; init; }
    public required string DevelopmentGraduateHint { get; init; }
    public required string University { get; init; }
    public required string ResidentIdLabel { get; init; }
    public required string ResidentIdHint { get; init; }
    public required string ResidentIdInvalid { get; init; }
    public required string SignInAsGraduate { get; init; }

    public required string MyRecordsTitle { get; init; }
    public required string MyRecordsIntro { get; init; }
    public required string NoRecords { get; init; }
    public required string SentBy { get; init; }
    public required string ReceivedAt { get; init; }
    public required string RecordOf { get; init; }
    public required string Field { get; init; }
    public required string Value { get; init; }
    public required string Yes { get; init; }
    public required string No { get; init; }

    public required string MyConsentsNav { get; init; }
    public required string ConsentsTitle { get; init; }
    public required string ConsentsIntro { get; init; }
    public required string NoConsents { get; init; }
    public required string GiveConsent { get; init; }
    public required string RecordedThrough { get; init; }
    public required string InForce { get; init; }
    public required string NotInForce { get; init; }
    public required string WithdrawnOn { get; init; }
    public required string Withdraw { get; init; }
    public required string ConsentGiven { get; init; }
    public required string ConsentPending { get; init; }
    public required string ConsentWithdrawn { get; init; }

    public required string GiveTitle { get; init; }
    public required string GranteeHint { get; init; }
    public required string GranteeOrganisationLabel { get; init; }
    public required string GranteeRoleLabel { get; init; }
    public required string CategoriesHint { get; init; }
    public required string ValidThroughLabel { get; init; }
    public required string ValidThroughHint { get; init; }
    public required string Continue { get; init; }
    public required string CreditCodeInvalid { get; init; }
    public required string ChooseCategory { get; init; }
    public required string ChoosePurpose { get; init; }
    public required string ReviewTitle { get; init; }
    public required string GiveEffect { get; init; }
    public required string ConfirmGive { get; init; }
    public required string Change { get; init; }

    public required string WithdrawTitle { get; init; }
    public required string WithdrawEffect { get; init; }
    public required string ConfirmWithdraw { get; init; }
    public required string AlreadyWithdrawn { get; init; }
    public required string KeepLegend { get; init; }
    public required string KeepHint { get; init; }
    public required string NarrowTitle { get; init; }
    public required string NarrowEffect { get; init; }
    public required string ConfirmNarrow { get; init; }
    public required string NothingWithdrawn { get; init; }
    public required string ConsentNarrowed { get; init; }
    public required string NoSuchConsent { get; init; }
    public required string BackToConsents { get; init; }

    public required string MyJobsNav { get; init; }
    public required string JobsTitle { get; init; }
    public required string JobsIntro { get; init; }
    public required string NoJobs { get; init; }
    public required string WhyRecommended { get; init; }
    public required string FitPoints { get; init; }
    public required string ReasonPoints { get; init; }
    public required string ProgrammesTitle { get; init; }
    public required string ProgrammesIntro { get; init; }
    public required string NoProgrammes { get; init; }
    public required string WhyEligible { get; init; }

    public required string MyRequestsNav { get; init; }
    public required string StewardRequestsNav { get; init; }
    public required string RequestsTitle { get; init; }
    public required string RequestsIntro { get; init; }
    public required string NoRequests { get; init; }
    public required string NewRequest { get; init; }
    public required string RequestSent { get; init; }
    public required string SubmittedAt { get; init; }
    public required string RequestKind { get; init; }
    public required string Correction { get; init; }
    public required string Deletion { get; init; }
    public required string WhichRecord { get; init; }
    public required string EverythingHeld { get; init; }
    public required string FieldLabel { get; init; }
    public required string FieldHint { get; init; }
    public required string DetailsLabel { get; init; }
    public required string DetailsHint { get; init; }
    public required string ContactLabel { get; init; }
    public required string ContactUniversity { get; init; }
    public required string ContactEmail { get; init; }
    public required string ContactPhone { get; init; }
    public required string ContactDetailLabel { get; init; }
    public required string ContactDetailHint { get; init; }
    public required string SendRequest { get; init; }
    public required string StatusOpen { get; init; }
    public required string StatusHandled { get; init; }
    public required string StewardNote { get; init; }
    public required string KindRequired { get; init; }
    public required string RecordUnknown { get; init; }
    public required string DetailsRequired { get; init; }
    public required string DetailsTooLong { get; init; }
    public required string ContactRequired { get; init; }
    public required string ContactDetailRequired { get; init; }

    public required string OpenRequestsTitle { get; init; }
    public required string OpenRequestsIntro { get; init; }
    public required string NoOpenRequests { get; init; }
    public required string Subject { get; init; }
    public required string VouchedBy { get; init; }
    public required string MarkHandled { get; init; }
    public required string HandleTitle { get; init; }
    public required string NoteLabel { get; init; }
    public required string NoteHint { get; init; }
    public required string NoteRequired { get; init; }
    public required string RequestHandled { get; init; }
    public required string RequestNotOpen { get; init; }
    public required string NoSuchRequest { get; init; }

    public required IReadOnlyDictionary<string, string> KindNames { get; init; }
    public required IReadOnlyDictionary<string, string> SenderRoles { get; init; }

    /// <summary>Who sent a record, in words: "the university 1234…" for a registered university, else the credit code alone.</summary>
    public string Sender(string organisation, string? role) =>
        role is not null && SenderRoles.TryGetValue(role, out var words) ? string.Format(System.Globalization.CultureInfo.InvariantCulture, words, organisation) : organisation;

    public static GraduateText For(UiLanguage language) => language == UiLanguage.English ? GraduateTexts.English : GraduateTexts.Chinese;
}
