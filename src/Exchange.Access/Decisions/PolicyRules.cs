namespace Exchange.Access.Decisions;

/// <summary>
/// The stable names of the rules that decide, recorded in the audit. A partial release is
/// <see cref="Permit"/>; a denial names the rule that stopped the field that got furthest.
/// </summary>
public static class PolicyRules
{
    /// <summary>Some or all requested fields are released.</summary>
    public const string Permit = "permit";
    /// <summary>The purpose is not one the hub knows.</summary>
    public const string PurposeMissing = "purpose.missing";
    /// <summary>No subject key was given.</summary>
    public const string SubjectMissing = "subject.missing";
    /// <summary>No record of the subject is held. Audited only: the caller gets the same answer as for a denial.</summary>
    public const string SubjectUnknown = "subject.unknown";
    /// <summary>No fields were requested.</summary>
    public const string FieldsMissing = "field.none";
    /// <summary>The field is not in the catalogue; unknown fields are never released.</summary>
    public const string FieldUnknown = "field.unknown";
    /// <summary>The field is a clear identifier (resident id, certificate number) and is never released.</summary>
    public const string FieldNeverReleased = "field.never-released";
    /// <summary>No agreement names the caller, category and purpose (and provider).</summary>
    public const string AgreementNone = "agreement.none";
    /// <summary>An agreement would cover the read but the day is outside its validity period.</summary>
    public const string AgreementExpired = "agreement.expired";
    /// <summary>An agreement would cover the read but was revoked by then.</summary>
    public const string AgreementRevoked = "agreement.revoked";
    /// <summary>The subject has no consent naming the caller, category and purpose.</summary>
    public const string ConsentNone = "consent.none";
    /// <summary>The covering consent was withdrawn by then.</summary>
    public const string ConsentWithdrawn = "consent.withdrawn";
    /// <summary>The covering consent is outside its validity period (or not yet given).</summary>
    public const string ConsentExpired = "consent.expired";
    /// <summary>The covering consent mixes sensitive and other categories, which makes it void (PIPL art. 29).</summary>
    public const string ConsentNotSeparate = "consent.not-separate";

    /// <summary>Aggregate statistics counted the provider's subjects under the grantee's statutory duty, without consent.</summary>
    public const string StatisticsStatutoryDuty = "statistics.statutory-duty";

    /// <summary>Aggregate statistics counted only the provider's subjects who consented to statistics.</summary>
    public const string StatisticsConsent = "statistics.consent";

    /// <summary>A statistics read declared another purpose than statistics.</summary>
    public const string StatisticsPurpose = "statistics.purpose";

    /// <summary>A search filtered on a field (an origin region, accommodation needs, availability, eligibility) the caller may not read of this subject.</summary>
    public const string FilterNotReleased = "search.filter-not-released";

    // Denials ordered by how far the read got: the furthest names the real obstacle.
    internal static readonly string[] DenialPrecedence =
    [
        ConsentWithdrawn, ConsentNotSeparate, ConsentExpired, ConsentNone,
        AgreementRevoked, AgreementExpired, AgreementNone,
        FieldNeverReleased, FieldUnknown,
    ];
}
