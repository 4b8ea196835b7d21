using Exchange.Access.Agreements;
using Exchange.Access.Clients;

namespace Exchange.Hub.Steward;

/// <summary>The grantee as the API writes it: one organisation or one role.</summary>
public sealed record GranteeDto(string? Organisation, string? Role);

/// <summary>
/// What a steward sends to record an agreement or a new version of one. <c>onWithdrawal</c> is
/// <c>retain</c> (the default when absent) or <c>erase</c>: what the index does with the sensitive
/// fields when a subject withdraws consent. <c>legalBasisType</c> is <c>consent</c> (the default when
/// absent) or <c>statutory-duty</c>: a duty of the grantee by law, under which aggregate reports
/// count the provider's subjects without their consent.
/// </summary>
public sealed record AgreementRequest(
    string? ProviderOrganisation,
    GranteeDto Grantee,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Purposes,
    DateOnly ValidFrom,
    DateOnly ValidThrough,
    string LegalBasis,
    string? OnWithdrawal = null,
    string? LegalBasisType = null);

/// <summary>One version of an agreement as the API returns it.</summary>
public sealed record AgreementResponse(
    Guid Id,
    int Version,
    string Status,
    string? ProviderOrganisation,
    GranteeDto Grantee,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Purposes,
    DateOnly ValidFrom,
    DateOnly ValidThrough,
    string LegalBasis,
    string OnWithdrawal,
    string LegalBasisType,
    DateTimeOffset RecordedAt,
    string RecordedBy);

internal static class AgreementMapping
{
    public static AgreementResponse ToResponse(this DataSharingAgreement agreement) => new(
        agreement.Id,
        agreement.Version,
        agreement.Status == AgreementStatus.Active ? "active" : "revoked",
        agreement.Terms.ProviderOrganisation,
        new GranteeDto(agreement.Terms.Grantee.Organisation, agreement.Terms.Grantee.Role?.Name()),
        agreement.Terms.Categories.Select(c => c.Name()).Order(StringComparer.Ordinal).ToList(),
        agreement.Terms.Purposes.Select(p => p.Name()).Order(StringComparer.Ordinal).ToList(),
        agreement.Terms.ValidFrom,
        agreement.Terms.ValidThrough,
        agreement.Terms.LegalBasis,
        agreement.Terms.OnWithdrawal.Name(),
        agreement.Terms.LegalBasisType.Name(),
        agreement.RecordedAt,
        agreement.RecordedBy);

    /// <summary>Maps the request to terms, or to the validation errors keyed by JSON property.</summary>
    public static (AgreementTerms? Terms, Dictionary<string, string[]> Errors) ToTerms(this AgreementRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!WithdrawalTerms.TryParse(request.OnWithdrawal, out var onWithdrawal))
            errors["onWithdrawal"] = [WithdrawalTerms.UnknownProblem(request.OnWithdrawal!).Message];
        if (!LegalBasisTypes.TryParse(request.LegalBasisType, out var basisType))
            errors["legalBasisType"] = [LegalBasisTypes.UnknownProblem(request.LegalBasisType!).Message];
        PartyRole? role = null;
        if (request.Grantee is null)
            errors["grantee"] = ["The grantee is required."];
        else if (request.Grantee.Role is not null)
        {
            if (PartyRoles.TryParse(request.Grantee.Role, out var parsed))
                role = parsed;
            else
                errors["grantee.role"] = [$"'{request.Grantee.Role}' is not a role."];
        }

        var categories = ParseAll<DataCategory>(request.Categories, DataCategories.TryParseCategory, "categories", "a data category", errors);
        var purposes = ParseAll<Purpose>(request.Purposes, DataCategories.TryParsePurpose, "purposes", "a purpose", errors);

        if (errors.Count > 0)
            return (null, errors);

        var terms = new AgreementTerms(request.ProviderOrganisation, new Grantee(request.Grantee!.Organisation, role),
            categories, purposes, request.ValidFrom, request.ValidThrough, request.LegalBasis ?? "", onWithdrawal, basisType);
        if (terms.Invalidity() is { } invalid)
            errors["agreement"] = [invalid];
        return errors.Count == 0 ? (terms, errors) : (null, errors);
    }

    /// <summary>
    /// The coded problems of a request, with both messages, beside the validation errors: today
    /// the withdrawal term and the legal basis type, whose codes clients program against.
    /// </summary>
    public static Dictionary<string, object?> CodedProblems(this AgreementRequest request)
    {
        var problems = new List<Exchange.Core.Validation.Problem>();
        if (!WithdrawalTerms.TryParse(request.OnWithdrawal, out _))
            problems.Add(WithdrawalTerms.UnknownProblem(request.OnWithdrawal!));
        if (!LegalBasisTypes.TryParse(request.LegalBasisType, out _))
            problems.Add(LegalBasisTypes.UnknownProblem(request.LegalBasisType!));
        return new(StringComparer.Ordinal) { ["problems"] = problems };
    }

    private delegate bool TryParse<T>(string? name, out T value);

    /// <summary>Parses every code of a list; an unknown one is recorded as an error under <paramref name="field"/>.</summary>
    private static HashSet<T> ParseAll<T>(IReadOnlyList<string>? names, TryParse<T> parse, string field, string what, Dictionary<string, string[]> errors)
    {
        var parsed = new HashSet<T>();
        foreach (var name in names ?? [])
        {
            if (parse(name, out var value))
                parsed.Add(value);
            else
                errors[field] = [$"'{name}' is not {what}."];
        }
        return parsed;
    }
}
