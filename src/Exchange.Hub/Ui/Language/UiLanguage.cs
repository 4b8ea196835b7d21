namespace Exchange.Hub.Ui.Language;

/// <summary>
/// The pages' language: Chinese unless the reader chose English, a choice kept in a cookie so that
/// it holds across pages and forms without JavaScript.
/// </summary>
public enum UiLanguage
{
    Chinese,
    English,
}

public static class UiLanguages
{
    public const string Cookie = "exchange-ui-lang";

    /// <summary>The BCP 47 tag for the <c>lang</c> attribute and the cookie.</summary>
    public static string Tag(this UiLanguage language) => language == UiLanguage.English ? "en" : "zh-CN";

    public static UiLanguage Other(this UiLanguage language) => language == UiLanguage.English ? UiLanguage.Chinese : UiLanguage.English;

    public static bool TryParse(string? tag, out UiLanguage language)
    {
        language = tag switch
        {
            "en" => UiLanguage.English,
            "zh-CN" => UiLanguage.Chinese,
            _ => (UiLanguage)(-1),
        };
        return Enum.IsDefined(language);
    }

    public static UiLanguage Of(HttpContext context) =>
        TryParse(context.Request.Cookies[Cookie], out var language) ? language : UiLanguage.Chinese;
}
