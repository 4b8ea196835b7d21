using System.Collections.Frozen;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;

namespace Exchange.Access.Decisions;

/// <summary>
/// Decides reads against one <see cref="PolicySnapshot"/>: a pure function of the snapshot and
/// the request. Default deny: a field is released only when it is in the catalogue, an
/// agreement in force at the request time names the caller, the field's category and the
/// declared purpose, and the subject's consent current at that time does too. Every
/// individual-level read needs consent, statistics included; aggregate reports that may rest on
/// an agreement alone do not go through this class.
/// </summary>
public sealed class PolicyDecisionPoint(PolicySnapshot snapshot, SubjectHandles handles) : IPolicyDecisionPoint
{
    // Masks are ints: the category enum must stay under 32 members.
    private static readonly int CategoryCount = Enum.GetValues<DataCategory>().Length;

    private static readonly int ConsentWithdrawn = Index(PolicyRules.ConsentWithdrawn);
    private static readonly int ConsentNotSeparate = Index(PolicyRules.ConsentNotSeparate);
    private static readonly int ConsentExpired = Index(PolicyRules.ConsentExpired);
    private static readonly int ConsentNone = Index(PolicyRules.ConsentNone);
    private static readonly int AgreementRevoked = Index(PolicyRules.AgreementRevoked);
    private static readonly int AgreementExpired = Index(PolicyRules.AgreementExpired);
    private static readonly int AgreementNone = Index(PolicyRules.AgreementNone);
    private static readonly int FieldNeverReleased = Index(PolicyRules.FieldNeverReleased);
    private static readonly int FieldUnknown = Index(PolicyRules.FieldUnknown);

    /// <summary>The snapshot this decision point judges against.</summary>
    public PolicySnapshot Snapshot { get; } = snapshot;

    /// <inheritdoc />
    public AccessDecision Decide(AccessRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = request.Caller;
        if (!Enum.IsDefined(request.Purpose))
        {
            return Deny(PolicyRules.PurposeMissing, handles.Candidate(caller.Organisation, request.SubjectKey ?? ""));
        }

        if (string.IsNullOrEmpty(request.SubjectKey))
        {
            return Deny(PolicyRules.SubjectMissing, handles.Candidate(caller.Organisation, ""));
        }

        Span<byte> reasons = stackalloc byte[CategoryCount];
        var released = ReleasedCategories(request, reasons);

        // Identified only when identity itself could be released to this caller for this purpose.
        var handle = (released & PolicySnapshot.Bit(DataCategory.Identity)) != 0
            ? handles.Identified(request.SubjectKey)
            : handles.Candidate(caller.Organisation, request.SubjectKey);
        if (request.RequestedFields.Count == 0)
        {
            return Deny(PolicyRules.FieldsMissing, handle);
        }

        // Made at the first allowed field: most decisions of a large read are refusals, which allow none.
        HashSet<string>? allowed = null;
        var worst = int.MaxValue;
        foreach (var field in request.RequestedFields)
        {
            var denial = Judge(field, request.CertificationType, released, reasons);
            if (denial < 0)
            {
                (allowed ??= new HashSet<string>(StringComparer.Ordinal)).Add(field);
            }
            else
            {
                worst = Math.Min(worst, denial);
            }
        }

        return allowed is not null
            ? new AccessDecision(allowed, PolicyRules.Permit, handle)
            : Deny(PolicyRules.DenialPrecedence[worst], handle);
    }

    /// <inheritdoc />
    public StatisticsScope DecideStatistics(ClientIdentity caller, IReadOnlySet<DataCategory> categories, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(categories);
        var needed = Mask(categories);
        var purpose = PolicySnapshot.Bit(Purpose.Statistics);
        var day = PolicyCalendar.DayOf(at);
        var grants = new List<StatisticsGrant>();
        foreach (var versions in Snapshot.Agreements)
        {
            var entry = InForce(versions, at);
            if (entry is null || entry.Revoked || (entry.Purposes & purpose) == 0 || !entry.Grantee.Covers(caller)
                || day < entry.ValidFrom || day > entry.ValidThrough || (entry.Categories & needed) != needed)
            {
                continue;
            }

            grants.Add(new StatisticsGrant(entry.Provider, entry.BasisType, entry.Agreement.Id, entry.Agreement.Version));
        }

        return new StatisticsScope([.. grants
            .OrderBy(g => g.Basis == LegalBasisType.StatutoryDuty ? 0 : 1)
            .ThenBy(g => g.Provider is null ? 0 : 1)
            .ThenBy(g => g.Provider, StringComparer.Ordinal)
            .ThenBy(g => g.Agreement)]);
    }

    /// <inheritdoc />
    public IReadOnlyList<string> SubjectsConsentingToStatistics(ClientIdentity caller, IReadOnlySet<DataCategory> categories, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(categories);
        var needed = Mask(categories);
        var purpose = PolicySnapshot.Bit(Purpose.Statistics);
        var day = PolicyCalendar.DayOf(at);
        var keys = new List<string>();
        foreach (var (key, consents) in Snapshot.Consents)
        {
            if (needed != 0 && (Consented(consents, caller, purpose, at, day).Consented & needed) == needed)
            {
                keys.Add(key);
            }
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    private static int Mask(IEnumerable<DataCategory> categories) => categories.Aggregate(0, (mask, c) => mask | PolicySnapshot.Bit(c));

    // -1 when released, else the index in DenialPrecedence of the reason.
    private static int Judge(string field, string? certificationType, int released, ReadOnlySpan<byte> reasons)
    {
        switch (FieldCatalogue.Classify(field, out var category))
        {
            case FieldClass.Category:
                return (released & PolicySnapshot.Bit(category)) != 0 ? -1 : reasons[(int)category];
            case FieldClass.CertificationCommon:
                var worst = -1;
                foreach (var needed in FieldCatalogue.CertificationCategories(certificationType))
                {
                    if ((released & PolicySnapshot.Bit(needed)) == 0)
                    {
                        worst = worst < 0 ? reasons[(int)needed] : Math.Min(worst, reasons[(int)needed]);
                    }
                }

                return worst;
            case FieldClass.NeverReleased:
                return FieldNeverReleased;
            default:
                return FieldUnknown;
        }
    }

    /// <summary>
    /// The categories both an agreement and the subject's consent release for this caller,
    /// purpose and instant, as a bit mask; for the others, why not (index into the precedence).
    /// </summary>
    private int ReleasedCategories(AccessRequest request, Span<byte> reasons)
    {
        var caller = request.Caller;
        var purpose = PolicySnapshot.Bit(request.Purpose);
        var at = request.At;
        var day = PolicyCalendar.DayOf(at);

        int agreed = 0, agreementExpired = 0, agreementRevoked = 0;
        foreach (var versions in Snapshot.Agreements)
        {
            var entry = InForce(versions, at);
            if (entry is null || (entry.Purposes & purpose) == 0 || !entry.Grantee.Covers(caller)
                || !ProviderMatches(entry.Provider, request.ProviderOrganisation))
            {
                continue;
            }

            if (entry.Revoked)
            {
                agreementRevoked |= entry.Categories;
            }
            else if (day >= entry.ValidFrom && day <= entry.ValidThrough)
            {
                agreed |= entry.Categories;
            }
            else
            {
                agreementExpired |= entry.Categories;
            }
        }

        var (consented, withdrawn, notSeparate, expired) = Consented(Snapshot.ConsentsOf(request.SubjectKey), caller, purpose, at, day);

        for (var c = 0; c < CategoryCount; c++)
        {
            var bit = 1 << c;
            reasons[c] = (byte)((agreed & bit) == 0
                ? (agreementRevoked & bit) != 0 ? AgreementRevoked : (agreementExpired & bit) != 0 ? AgreementExpired : AgreementNone
                : (withdrawn & bit) != 0 ? ConsentWithdrawn : (notSeparate & bit) != 0 ? ConsentNotSeparate : (expired & bit) != 0 ? ConsentExpired : ConsentNone);
        }

        return agreed & consented;
    }

    /// <summary>
    /// What a subject's consents say for this caller and purpose at an instant, per category mask:
    /// consented, withdrawn, given without the separate consent a sensitive category needs, or
    /// not (yet or any longer) valid.
    /// </summary>
    private static (int Consented, int Withdrawn, int NotSeparate, int Expired) Consented(
        PolicySnapshot.ConsentEntry[] consents, ClientIdentity caller, int purpose, DateTimeOffset at, DateOnly day)
    {
        int consented = 0, withdrawn = 0, notSeparate = 0, expired = 0;
        foreach (var consent in consents)
        {
            if ((consent.Purposes & purpose) == 0 || !consent.Grantee.Covers(caller))
            {
                continue;
            }

            if (consent.Withdrawn && (consent.WithdrawnAt is null || consent.WithdrawnAt <= at))
            {
                withdrawn |= consent.Categories;
            }
            else if (!consent.IsSeparate)
            {
                notSeparate |= consent.Categories;
            }
            else if (consent.GivenAt <= at && day >= consent.ValidFrom && day <= consent.ValidThrough)
            {
                consented |= consent.Categories;
            }
            else
            {
                expired |= consent.Categories;
            }
        }

        return (consented, withdrawn, notSeparate, expired);
    }

    // The version in force at an instant is the last one recorded by then.
    private static PolicySnapshot.AgreementEntry? InForce(PolicySnapshot.AgreementEntry[] versions, DateTimeOffset at)
    {
        for (var i = versions.Length - 1; i >= 0; i--)
        {
            if (versions[i].RecordedAt <= at)
            {
                return versions[i];
            }
        }

        return null;
    }

    private static bool ProviderMatches(string? agreementProvider, string? requestProvider) =>
        agreementProvider is null || string.Equals(agreementProvider, requestProvider, StringComparison.Ordinal);

    private static int Index(string rule) => Array.IndexOf(PolicyRules.DenialPrecedence, rule);

    private static AccessDecision Deny(string rule, string handle) => new(FrozenSet<string>.Empty, rule, handle);
}
