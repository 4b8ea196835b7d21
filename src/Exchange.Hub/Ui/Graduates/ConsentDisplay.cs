using System.Globalization;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Consent;
using Exchange.Hub.Ui.Agreements;
using Exchange.Hub.Ui.Language;

namespace Exchange.Hub.Ui.Graduates;

/// <summary>How a consent reads on a graduate's page.</summary>
public static class ConsentDisplay
{
    public static string Grantee(string? organisation, string? role, UiText t) =>
        organisation ?? string.Format(CultureInfo.InvariantCulture, t.RoleGrantee, t.Role(role ?? ""));

    public static string Grantee(this ConsentGrant grant, UiText t) => Grantee(grant.Grantee.Organisation, grant.Grantee.Role?.Name(), t);

    public static string Categories(IEnumerable<string> codes, UiText t) => string.Join(t == UiTexts.English ? ", " : "、", codes.Select(t.Category));

    public static string Purposes(IEnumerable<string> codes, UiText t) => string.Join(t == UiTexts.English ? ", " : "、", codes.Select(t.Purpose));

    public static string Categories(this ConsentGrant grant, UiText t) => Categories(grant.Categories.Order().Select(c => c.Name()), t);

    public static string Purposes(this ConsentGrant grant, UiText t) => Purposes(grant.Purposes.Order().Select(p => p.Name()), t);

    public static string Validity(this ConsentGrant grant) => $"{AgreementDisplay.Date(grant.ValidFrom)} – {AgreementDisplay.Date(grant.ValidThrough)}";

    public static string Status(this ConsentGrant grant, GraduateText w, DateTimeOffset now) => grant.Status == ConsentStatus.Withdrawn
        ? string.Format(CultureInfo.InvariantCulture, w.WithdrawnOn, grant.WithdrawnAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
        : grant.IsCurrentAt(now) ? w.InForce : w.NotInForce;

    public static string Effect(string text, string grantee, string categories, string purposes, string? through = null) =>
        string.Format(CultureInfo.InvariantCulture, text, grantee, categories, purposes, through);
}
