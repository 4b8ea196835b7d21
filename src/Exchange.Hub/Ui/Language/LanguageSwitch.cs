namespace Exchange.Hub.Ui.Language;

/// <summary>
/// <c>GET /ui/language/{tag}?return=/ui/…</c>: a plain link that keeps the reader's choice in a
/// cookie and goes back to the page it was followed from.
/// </summary>
public static class LanguageSwitch
{
    public static void MapLanguageSwitch(this IEndpointRouteBuilder ui) =>
        ui.MapGet("/language/{tag}", (string tag, string? @return, HttpContext context) =>
        {
            if (!UiLanguages.TryParse(tag, out var language))
                return Results.NotFound();
            context.Response.Cookies.Append(UiLanguages.Cookie, language.Tag(), new CookieOptions
            {
                HttpOnly = true,
                Secure = true,
                SameSite = SameSiteMode.Lax,
                IsEssential = true,
                MaxAge = TimeSpan.FromDays(365),
                Path = UiPaths.Root,
            });
            return Results.LocalRedirect(UiPaths.IsPageOfUi(@return) ? @return! : UiPaths.Agreements);
        }).AllowAnonymous();

    /// <summary>The link that shows the current page in <paramref name="language"/>.</summary>
    public static string Link(UiLanguage language, HttpRequest request) =>
        $"{UiPaths.Root}/language/{language.Tag()}?return={Uri.EscapeDataString(request.Path + request.QueryString)}";
}
