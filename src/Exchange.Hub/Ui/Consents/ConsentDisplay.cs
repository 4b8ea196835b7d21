using System.Globalization;
using Exchange.Hub.Steward;
using Exchange.Hub.Ui.Agreements;
using Exchange.Hub.Ui.Language;

namespace Exchange.Hub.Ui.Consents;

/// <summary>How a consent reads on a page, from the API's own response type.</summary>
public static class ConsentDisplay
{
    public static string Grantee(this ConsentResponse consent, UiText t) =>
        consent.Grantee.Organisation ?? string.Format(CultureInfo.InvariantCulture, t.RoleGrantee, t.Role(consent.Grantee.Role ?? ""));

    public static string Categories(this ConsentResponse consent, UiText t) => Join(t, consent.Categories.Select(t.Category));

    public static string Purposes(this ConsentResponse consent, UiText t) => Join(t, consent.Purposes.Select(t.Purpose));

    public static string Validity(this ConsentResponse consent) =>
        $"{AgreementDisplay.Date(consent.ValidFrom)} – {AgreementDisplay.Date(consent.ValidThrough)}";

    public static bool IsActive(this ConsentResponse consent) => consent.Status == "active";

    public static string Status(this ConsentResponse consent, ConsentText c) => consent.IsActive() ? c.Active : c.Withdrawn;

    public static string Evidence(this ConsentResponse consent, ConsentText c) => $"{c.Method(consent.EvidenceMethod)}: {consent.EvidenceReference}";

    public static string Source(this ConsentResponse consent) => $"{consent.SourceOrganisation} / {consent.SourceRecordId}";

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Format(string text, object value) => string.Format(CultureInfo.InvariantCulture, text, value);

    private static string Join(UiText t, IEnumerable<string> names) => string.Join(t == UiTexts.English ? ", " : "、", names);
}
