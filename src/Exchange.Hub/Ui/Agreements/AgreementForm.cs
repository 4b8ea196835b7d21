using System.Globalization;
using Exchange.Access.Agreements;
using Exchange.Hub.Steward;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Agreements;

/// <summary>
/// What the agreement form posts. It becomes the steward API's own <see cref="AgreementRequest"/>,
/// so that the pages and the API judge an agreement by the same mapping and the same rules.
/// </summary>
public sealed class AgreementForm
{
    [FromForm(Name = "providerOrganisation")] public string? ProviderOrganisation { get; set; }
    [FromForm(Name = "granteeOrganisation")] public string? GranteeOrganisation { get; set; }
    [FromForm(Name = "granteeRole")] public string? GranteeRole { get; set; }
    [FromForm(Name = "categories")] public List<string> Categories { get; set; } = [];
    [FromForm(Name = "purposes")] public List<string> Purposes { get; set; } = [];
    [FromForm(Name = "validFrom")] public string? ValidFrom { get; set; }
    [FromForm(Name = "validThrough")] public string? ValidThrough { get; set; }
    [FromForm(Name = "legalBasis")] public string? LegalBasis { get; set; }
    [FromForm(Name = "onWithdrawal")] public string? OnWithdrawal { get; set; }
    [FromForm(Name = "legalBasisType")] public string? LegalBasisType { get; set; }

    /// <summary>The version the steward saw, for a new version: the API's <c>If-Match</c>.</summary>
    [FromForm(Name = "version")] public int? Version { get; set; }

    /// <summary>The form filled with the terms of <paramref name="agreement"/>, to record its next version.</summary>
    public static AgreementForm From(AgreementResponse agreement) => new()
    {
        ProviderOrganisation = agreement.ProviderOrganisation,
        GranteeOrganisation = agreement.Grantee.Organisation,
        GranteeRole = agreement.Grantee.Role,
        Categories = [.. agreement.Categories],
        Purposes = [.. agreement.Purposes],
        ValidFrom = agreement.ValidFrom.ToString(DateFormat, CultureInfo.InvariantCulture),
        ValidThrough = agreement.ValidThrough.ToString(DateFormat, CultureInfo.InvariantCulture),
        LegalBasis = agreement.LegalBasis,
        OnWithdrawal = agreement.OnWithdrawal,
        LegalBasisType = agreement.LegalBasisType,
        Version = agreement.Version,
    };

    /// <summary>
    /// The API request this form stands for. A date that is missing or not a date — what a JSON
    /// client could not send — is a problem of its own; the request then carries the other date in
    /// its place, so that the API's rules still judge every other field in the same answer.
    /// </summary>
    public AgreementRequest ToRequest(FormProblems problems)
    {
        var from = ParseDate(ValidFrom, AgreementFields.ValidFrom, problems);
        var through = ParseDate(ValidThrough, AgreementFields.ValidThrough, problems);
        return new AgreementRequest(
            Blank(ProviderOrganisation),
            new GranteeDto(Blank(GranteeOrganisation), Blank(GranteeRole)),
            Categories,
            Purposes,
            from ?? through ?? DateOnly.MinValue,
            through ?? from ?? DateOnly.MinValue,
            LegalBasis ?? "",
            Blank(OnWithdrawal),
            Blank(LegalBasisType));
    }

    public const string DateFormat = "yyyy-MM-dd";

    private static DateOnly? ParseDate(string? text, string field, FormProblems problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(field, t => t.DateRequired, null);
            return null;
        }
        if (DateOnly.TryParseExact(text.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        problems.Add(field, t => t.DateInvalid, null);
        return null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
