using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Core.Identifiers;
using Exchange.Core.Model;
using Exchange.Core.Validation;

namespace Exchange.Access.Consent;

/// <summary>
/// A subject's consent, as the policy decision point reads it: the subject by linkage key
/// only, the grantee, purposes, categories, validity and status, with where it came from.
/// </summary>
/// <param name="SubjectKey">The subject's linkage key.</param>
/// <param name="Grantee">Who may receive the data.</param>
/// <param name="Purposes">Purposes consented to.</param>
/// <param name="Categories">Data categories consented to.</param>
/// <param name="ValidFrom">First day the consent holds.</param>
/// <param name="ValidThrough">Last day the consent holds.</param>
/// <param name="Status">Active or withdrawn.</param>
/// <param name="GivenAt">When it was given; it releases nothing before.</param>
/// <param name="WithdrawnAt">When it was withdrawn; it releases nothing from then on.</param>
/// <param name="Evidence">How it was captured.</param>
/// <param name="SourceRecordId">The sender's id for the consent record.</param>
/// <param name="SourceOrganisation">The sender's credit code; with the record id, the consent's identity.</param>
public sealed record ConsentGrant(
    string SubjectKey,
    Grantee Grantee,
    IReadOnlySet<Purpose> Purposes,
    IReadOnlySet<DataCategory> Categories,
    DateOnly ValidFrom,
    DateOnly ValidThrough,
    ConsentStatus Status,
    DateTimeOffset GivenAt,
    DateTimeOffset? WithdrawnAt,
    GrantEvidence Evidence,
    string SourceRecordId,
    string SourceOrganisation)
{
    /// <summary>
    /// True when the grant obeys PIPL art. 29: sensitive categories (hardship, disability) only
    /// in a consent of their own. A grant that mixes them with other categories is void.
    /// </summary>
    public bool IsSeparate => Categories.All(c => c.IsSensitive()) || !Categories.Any(c => c.IsSensitive());

    /// <summary>True when the grant is in effect at the instant: given by then, not yet withdrawn, and the day in its validity period.</summary>
    public bool IsCurrentAt(DateTimeOffset at) => !IsWithdrawnAt(at) && GivenAt <= at && IsInPeriod(at);

    /// <summary>True when the grant has been withdrawn by the instant. A withdrawn grant without a time counts as withdrawn always.</summary>
    public bool IsWithdrawnAt(DateTimeOffset at) => Status == ConsentStatus.Withdrawn && (WithdrawnAt is null || WithdrawnAt <= at);

    /// <summary>True when the day of the instant falls in the validity period.</summary>
    public bool IsInPeriod(DateTimeOffset at)
    {
        var day = PolicyCalendar.DayOf(at);
        return day >= ValidFrom && day <= ValidThrough;
    }

    /// <summary>True when the grant names the caller, category and purpose (whatever the time).</summary>
    public bool Covers(ClientIdentity caller, DataCategory category, Purpose purpose) =>
        Grantee.Covers(caller) && Categories.Contains(category) && Purposes.Contains(purpose);

    /// <summary>What makes this grant unacceptable; empty when it is acceptable. Pointers are JSON pointers into the consent record.</summary>
    public IReadOnlyList<Problem> Problems()
    {
        var problems = new List<Problem>();
        if ((Grantee.Organisation is null) == (Grantee.Role is null))
        {
            problems.Add(new Problem("/grantee", ProblemCodes.ConsentGrantee,
                "The grantee is either one organisation or one role, not both and not neither.", "被授权方必须是一个机构或一个角色，二者只能填其一。"));
        }

        if (!IsSeparate)
        {
            problems.Add(new Problem("/dataCategories", ProblemCodes.ConsentSensitiveNotSeparate,
                "Sensitive categories (hardship, disability) need a consent of their own, separate from other categories (PIPL art. 29).",
                "敏感个人信息（困难身份、残疾）须单独取得同意，不得与其他类别合并授权（《个人信息保护法》第二十九条）。"));
        }

        if (ValidThrough < ValidFrom)
        {
            problems.Add(new Problem("/validThrough", ProblemCodes.DatesOutOfOrder, "validThrough is before validFrom.", "有效期止早于有效期起。"));
        }

        if (Status == ConsentStatus.Withdrawn && WithdrawnAt is null)
        {
            problems.Add(new Problem("/withdrawnAt", ProblemCodes.ConsentWithdrawalTime, "A withdrawn consent needs withdrawnAt.", "已撤回的授权必须填写撤回时间。"));
        }

        if (Status == ConsentStatus.Active && WithdrawnAt is not null)
        {
            problems.Add(new Problem("/withdrawnAt", ProblemCodes.ConsentWithdrawalTime, "An active consent cannot have withdrawnAt.", "有效的授权不能有撤回时间。"));
        }

        if (Purposes.Count == 0 || Categories.Count == 0 || string.IsNullOrEmpty(SubjectKey))
        {
            problems.Add(new Problem("", ProblemCodes.SchemaRequired, "A consent names a subject, at least one purpose and at least one category.",
                "授权必须指明主体、至少一个目的和至少一个数据类别。"));
        }

        return problems;
    }

    /// <summary>
    /// Builds a grant from a consent record that has passed validation and pseudonymisation.
    /// Codes the access layer does not know come back as problems rather than being dropped:
    /// dropping a category would be harmless, but dropping a grantee or a purpose would not.
    /// </summary>
    public static ConsentGrantResult FromRecord(ConsentRecord record, string subjectKey, string sourceOrganisation)
    {
        var problems = new List<Problem>();
        var purposes = new HashSet<Purpose>();
        for (var i = 0; i < record.Purposes.Count; i++)
        {
            if (DataCategories.TryParsePurpose(record.Purposes[i], out var purpose))
            {
                purposes.Add(purpose);
            }
            else
            {
                problems.Add(UnknownCode($"/purposes/{i}", record.Purposes[i]));
            }
        }

        var categories = new HashSet<DataCategory>();
        for (var i = 0; i < record.DataCategories.Count; i++)
        {
            if (DataCategories.TryParseCategory(record.DataCategories[i], out var category))
            {
                categories.Add(category);
            }
            else
            {
                problems.Add(UnknownCode($"/dataCategories/{i}", record.DataCategories[i]));
            }
        }

        Grantee? grantee = null;
        if (record.Grantee.OrganisationCreditCode is { } organisation && record.Grantee.Role is null)
        {
            grantee = Grantee.OfOrganisation(organisation);
        }
        else if (record.Grantee.OrganisationCreditCode is null && PartyRoles.TryParse(record.Grantee.Role, out var role))
        {
            grantee = Grantee.OfRole(role);
        }
        else
        {
            problems.Add(new Problem("/grantee", ProblemCodes.ConsentGrantee,
                "The grantee is either one organisation or one known role.", "被授权方必须是一个机构或一个已知角色。"));
        }

        if (!ConsentStatuses.TryParse(record.Status, out var status))
        {
            problems.Add(UnknownCode("/status", record.Status));
        }

        if (problems.Count > 0)
        {
            return new ConsentGrantResult(null, problems);
        }

        var grant = new ConsentGrant(
            subjectKey, grantee!, purposes, categories, record.ValidFrom, record.ValidThrough, status, record.GivenAt, record.WithdrawnAt,
            new GrantEvidence(record.Evidence.Method, ResidentIdScrubber.Scrub(record.Evidence.Reference)), record.RecordId, sourceOrganisation);
        var invalid = grant.Problems();
        return invalid.Count > 0 ? new ConsentGrantResult(null, invalid) : new ConsentGrantResult(grant, []);
    }

    private static Problem UnknownCode(string pointer, string code) =>
        new(pointer, ProblemCodes.CodeUnknown, $"'{code}' is not a code the access layer knows.", $"“{code}”不是访问控制层可识别的代码。");
}

/// <summary>A grant, or the problems that stop one being built.</summary>
/// <param name="Grant">The grant, when there are no problems.</param>
/// <param name="Problems">What is wrong; empty on success.</param>
public sealed record ConsentGrantResult(ConsentGrant? Grant, IReadOnlyList<Problem> Problems)
{
    /// <summary>True when a grant was built.</summary>
    public bool IsSuccess => Grant is not null;
}
