using System.Reflection;
using Exchange.Core.Validation;

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
        builder.Add(endpoint => endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails),
            ["application/problem+json"])));
        return builder.AddEndpointFilterFactory((factory, next) =>
        {
            var taken = factory.MethodInfo.GetParameters().Where(BindsFromQuery).Select(p => p.Name!).ToArray();
            var code = family + ".unknown-parameter";
            return context =>
            {
                // Names bind whatever their case, so a name is unknown only when no case of it is taken.
                var unknown = context.HttpContext.Request.Query.Keys.Where(name => !taken.Contains(name, StringComparer.OrdinalIgnoreCase)).ToList();
                if (unknown.Count == 0)
                    return next(context);
                // A route value (an id in the path) binds by name too, but is not a query parameter to offer.
                var route = context.HttpContext.Request.RouteValues;
                return ValueTask.FromResult<object?>(Refusal(code, unknown, [.. taken.Where(name => !route.ContainsKey(name))]));
            };
        });
    }

    private static IResult Refusal(string code, List<string> unknown, string[] taken)
    {
        var known = taken.Length == 0 ? "it takes none" : "it takes " + string.Join(", ", taken);
        var knownZh = taken.Length == 0 ? "此接口不接受查询参数" : "可用参数：" + string.Join(", ", taken);
        var problems = unknown.Select(name => new ParameterProblem(code, name,
            $"{name} is not a query parameter of this endpoint; {known}.",
            $"{name} 不是此接口的查询参数；{knownZh}。")).ToList();
        return TypedResults.ValidationProblem(
            problems.ToDictionary(p => p.Parameter, p => new[] { p.Message }),
            detail: string.Join(" ", problems.Select(p => p.Message)),
            title: "The request is not valid",
            type: ProblemTypes.For(code),
            extensions: new Dictionary<string, object?> { ["problems"] = problems });
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

    /// <summary>One refused parameter, in the shape of the search's and the change feed's problems.</summary>
    private sealed record ParameterProblem(string Code, string Parameter, string Message, string MessageZh);
}
