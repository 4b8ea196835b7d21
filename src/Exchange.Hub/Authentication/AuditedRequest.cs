using Exchange.Access.Agreements;

namespace Exchange.Hub.Authentication;

/// <summary>
/// What of a request may go into the audit log. Never the raw path or query: they can carry a
/// subject key, a resident id or control characters. The route template and a recognised
/// purpose say what was attempted without repeating what was sent.
/// </summary>
internal static class AuditedRequest
{
    /// <summary>The method and route template, e.g. <c>GET /v1/subjects/{subjectKey}</c>; <c>GET (unmatched)</c> when no route matched.</summary>
    public static string Action(HttpContext context)
    {
        // Groups mapped with "/" leave a trailing slash in the template: /v1/steward/agreements/.
        var template = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText?.TrimEnd('/');
        // Razor Pages' templates come without the leading slash: /ui/agreements like /v1/….
        return $"{context.Request.Method} {(string.IsNullOrEmpty(template) ? "(unmatched)" : "/" + template.TrimStart('/'))}";
    }

    /// <summary>The declared purpose when it is one of the purposes, else empty.</summary>
    public static string Purpose(HttpContext context) =>
        DataCategories.TryParsePurpose(context.Request.Query["purpose"].ToString(), out var purpose) ? purpose.Name() : "";
}
