using System.Reflection;

namespace Exchange.Hub;

/// <summary>
/// Refuses a query parameter an endpoint does not take, <c>400</c> with the problem
/// <c>{family}.unknown-parameter</c> naming it, rather than answering as if it had not been
/// sent: a misspelt filter (<c>subjects=</c> on the audit) would otherwise widen the answer to
/// everything, and a misspelt <c>fields</c> release every field. The parameters an endpoint takes
/// are those of its handler that bind from a query string: simple values, not services or bodies.
/// </summary>
internal static class UnknownQueryParameters
{
    /// <summary>Refuses, on every endpoint of <paramref name="builder"/>, the query parameters its handler does not take.</summary>
    public static TBuilder RefuseUnknownQueryParameters<TBuilder>(this TBuilder builder, string family) where TBuilder : IEndpointConventionBuilder
    {
        // The refusal is one of the endpoint's answers, and its OpenAPI operation says so.
        var parameters = new QueryParameterFamily(family);
        builder.Add(endpoint =>
        {
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails),
                ["application/problem+json"]));
            endpoint.Metadata.Add(parameters);
        });
        return builder.AddEndpointFilterFactory((factory, next) =>
        {
            var taken = factory.MethodInfo.GetParameters().Where(BindsFromQuery).Select(p => p.Name!).ToArray();
            return context =>
            {
                // Names bind whatever their case, so a name is unknown only when no case of it is taken.
                var unknown = context.HttpContext.Request.Query.Keys.Where(name => !taken.Contains(name, StringComparer.OrdinalIgnoreCase)).ToList();
                if (unknown.Count == 0)
                    return next(context);
                // A route value (an id in the path) binds by name too, but is not a query parameter to offer.
                var route = context.HttpContext.Request.RouteValues;
                return ValueTask.FromResult<object?>(Refusal(parameters.UnknownCode, unknown, [.. taken.Where(name => !route.ContainsKey(name))]));
            };
        });
    }

    private static IResult Refusal(string code, List<string> unknown, string[] taken)
    {
        var known = taken.Length == 0 ? "it takes none" : "it takes " + string.Join(", ", taken);
        var knownZh = taken.Length == 0 ? "此接口不接受查询参数" : "可用参数：" + string.Join(", ", taken);
        return QueryParameterProblems.Answer([.. unknown.Select(name => new QueryParameterProblem(code, name,
            $"{name} is not a query parameter of this endpoint; {known}.",
            $"{name} 不是此接口的查询参数；{knownZh}。"))]);
    }

    // What minimal APIs bind from the query (or the route) by name: strings and values that parse
    // from a string. Services, bodies, the context and the cancellation token are none of these.
    private static bool BindsFromQuery(ParameterInfo parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        var boundElsewhere = parameter.GetCustomAttributes().Any(a => a is Microsoft.AspNetCore.Http.Metadata.IFromHeaderMetadata
            or Microsoft.AspNetCore.Http.Metadata.IFromServiceMetadata or Microsoft.AspNetCore.Http.Metadata.IFromBodyMetadata
            or Microsoft.AspNetCore.Http.Metadata.IFromFormMetadata or FromKeyedServicesAttribute);
        return parameter.Name is not null && !boundElsewhere
            && (type == typeof(string) || type.IsPrimitive || type.IsEnum || type == typeof(decimal) || type == typeof(Guid)
                || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(DateOnly) || type == typeof(TimeOnly));
    }
}
