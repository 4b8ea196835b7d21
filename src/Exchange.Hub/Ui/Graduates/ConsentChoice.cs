using System.Globalization;
using Exchange.Access.Agreements;
using Exchange.Core.Identifiers;
using Exchange.Hub.Ui.Agreements;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Graduates;

/// <summary>What a graduate chooses to consent to: one grantee (an organisation or every party of a role), categories, purposes, and until when.</summary>
public sealed class ConsentChoice
{
    [FromForm(Name = "granteeOrganisation")] public string? GranteeOrganisation { get; set; }
    [FromForm(Name = "granteeRole")] public string? GranteeRole { get; set; }
    [FromForm(Name = "categories")] public List<string> Categories { get; set; } = [];
    [FromForm(Name = "purposes")] public List<string> Purposes { get; set; } = [];
    [FromForm(Name = "validThrough")] public string? ValidThrough { get; set; }

    /// <summary>The roles a graduate may name as grantee: not a university's, which would name the one vouching for the graduate (the write policy refuses it).</summary>
    public static readonly string[] GranteeRoles = ["employer", "bureau", "matcher"];

    /// <summary>The last day, or the problems of what the form can check before the consent rules: a grantee's credit code, the date, at least one of each.</summary>
    public DateOnly? Check(FormProblems problems)
    {
        if (!string.IsNullOrWhiteSpace(GranteeOrganisation) && !CreditCode.IsValid(GranteeOrganisation.Trim()))
            problems.Add(ConsentFields.GranteeOrganisation, _ => GraduateTexts.Chinese.CreditCodeInvalid, GraduateTexts.English.CreditCodeInvalid, "graduate.credit-code-invalid");
        if (!string.IsNullOrWhiteSpace(GranteeRole) && !GranteeRoles.Contains(GranteeRole))
            problems.Add(ConsentFields.GranteeRole, t => t.UnknownRole, null);
        if (Categories.Count == 0 || Categories.Any(c => !DataCategories.TryParseCategory(c, out _)))
            problems.Add(ConsentFields.Categories, _ => GraduateTexts.Chinese.ChooseCategory, GraduateTexts.English.ChooseCategory, "graduate.category-required");
        if (Purposes.Count == 0 || Purposes.Any(p => !DataCategories.TryParsePurpose(p, out _)))
            problems.Add(ConsentFields.Purposes, _ => GraduateTexts.Chinese.ChoosePurpose, GraduateTexts.English.ChoosePurpose, "graduate.purpose-required");
        if (string.IsNullOrWhiteSpace(ValidThrough))
        {
            problems.Add(ConsentFields.ValidThrough, t => t.DateRequired, null);
            return null;
        }
        if (DateOnly.TryParseExact(ValidThrough.Trim(), AgreementForm.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var through))
            return through;
        problems.Add(ConsentFields.ValidThrough, t => t.DateInvalid, null);
        return null;
    }

    public string? Organisation => string.IsNullOrWhiteSpace(GranteeOrganisation) ? null : GranteeOrganisation.Trim();

    public string? Role => string.IsNullOrWhiteSpace(GranteeRole) ? null : GranteeRole;
}

/// <summary>The ids of the consent form's fields: the agreement form's, so that the error summary's links find them.</summary>
public static class ConsentFields
{
    public const string GranteeOrganisation = AgreementFields.GranteeOrganisation;
    public const string GranteeRole = AgreementFields.GranteeRole;
    public const string Categories = AgreementFields.Categories;
    public const string Purposes = AgreementFields.Purposes;
    public const string ValidThrough = AgreementFields.ValidThrough;

    /// <summary>The form field a consent rule's problem is about, by the JSON pointer into the consent record.</summary>
    public static string ForPointer(string pointer) => pointer switch
    {
        "/grantee" => GranteeOrganisation,
        "/dataCategories" => Categories,
        "/purposes" => Purposes,
        "/validThrough" or "/validFrom" => ValidThrough,
        _ => "",
    };
}
