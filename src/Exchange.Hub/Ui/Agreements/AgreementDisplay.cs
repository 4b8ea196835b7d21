using System.Globalization;
using Exchange.Hub.Steward;
using Exchange.Hub.Ui.Language;

namespace Exchange.Hub.Ui.Agreements;

/// <summary>How a version of an agreement reads on a page, from the API's own response type.</summary>
public static class AgreementDisplay
{
    public static string Grantee(this AgreementResponse agreement, UiText t) =>
        agreement.Grantee.Organisation ?? string.Format(CultureInfo.InvariantCulture, t.RoleGrantee, t.Role(agreement.Grantee.Role ?? ""));

    public static string Provider(this AgreementResponse agreement, UiText t) => agreement.ProviderOrganisation ?? t.AnyProvider;

    public static string Categories(this AgreementResponse agreement, UiText t) =>
        string.Join(t == UiTexts.English ? ", " : "、", agreement.Categories.Select(t.Category));

    public static string Purposes(this AgreementResponse agreement, UiText t) =>
        string.Join(t == UiTexts.English ? ", " : "、", agreement.Purposes.Select(t.Purpose));

    public static string Validity(this AgreementResponse agreement) =>
        $"{Date(agreement.ValidFrom)} – {Date(agreement.ValidThrough)}";

    public static string Status(this AgreementResponse agreement, UiText t) => agreement.Status == "revoked" ? t.Revoked : t.Active;

    public static string OnWithdrawal(this AgreementResponse agreement, UiText t) => agreement.OnWithdrawal == "erase" ? t.Erase : t.Retain;

    public static string LegalBasisType(this AgreementResponse agreement, UiText t) =>
        agreement.LegalBasisType == "statutory-duty" ? t.BasisStatutoryDuty : t.BasisConsent;

    public static string RecordedAt(this AgreementResponse agreement) =>
        agreement.RecordedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => date.ToString(AgreementForm.DateFormat, CultureInfo.InvariantCulture);

    public static string Format(string text, object value) => string.Format(CultureInfo.InvariantCulture, text, value);
}
