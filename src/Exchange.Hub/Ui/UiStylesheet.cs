using Microsoft.AspNetCore.Http.HttpResults;

namespace Exchange.Hub.Ui;

/// <summary>The pages' one stylesheet, built into the hub so that it needs no file beside it.</summary>
public static class UiStylesheet
{
    private static readonly Lazy<byte[]> Content = new(() =>
    {
        using var stream = typeof(UiStylesheet).Assembly.GetManifestResourceStream("Exchange.Hub.Ui.ui.css")
            ?? throw new InvalidOperationException("The stylesheet is not built into the hub.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static FileContentHttpResult Serve(HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.File(Content.Value, "text/css; charset=utf-8");
    }
}
