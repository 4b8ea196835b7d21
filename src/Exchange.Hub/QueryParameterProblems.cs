using Exchange.Core.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Exchange.Hub;

/// <summary>One query parameter refused: its code, its name and why, in English and Chinese.</summary>
internal sealed record QueryParameterProblem(string Code, string Parameter, string Message, string MessageZh);

/// <summary>
/// The family of an endpoint's parameter problems (<c>steward</c> gives <c>steward.unknown-parameter</c>
/// and <c>steward.invalid-parameter</c>), kept on the endpoint so that a value the server itself could
/// not bind is answered with the same code as one the handler refused.
/// </summary>
internal sealed record QueryParameterFamily(string Family)
{
    public string UnknownCode => Family + ".unknown-parameter";

    public string InvalidCode => Family + ".invalid-parameter";
}

/// <summary>
/// Refused query parameters answered in one shape, that of the search's and the change feed's
/// problems: <c>400</c>, the code as the problem type, <c>errors</c> by parameter and the coded
/// <c>problems</c> in both languages.
/// </summary>
internal static class QueryParameterProblems
{
    public static ValidationProblem Answer(IReadOnlyList<QueryParameterProblem> problems) => TypedResults.ValidationProblem(
        Errors(problems),
        detail: Detail(problems),
        title: Title,
        type: ProblemTypes.For(problems[0].Code),
        extensions: new Dictionary<string, object?> { ["problems"] = problems });

    public static ValidationProblem Invalid(string family, string parameter, string message, string messageZh) =>
        Answer([new QueryParameterProblem(new QueryParameterFamily(family).InvalidCode, parameter, message, messageZh)]);

    /// <summary>The same answer as problem details, for the exception handler, which writes through the problem details service.</summary>
    public static HttpValidationProblemDetails Details(IReadOnlyList<QueryParameterProblem> problems) => new(Errors(problems))
    {
        Status = StatusCodes.Status400BadRequest,
        Title = Title,
        Detail = Detail(problems),
        Type = ProblemTypes.For(problems[0].Code),
        Extensions = { ["problems"] = problems },
    };

    private const string Title = "The request is not valid";

    private static Dictionary<string, string[]> Errors(IReadOnlyList<QueryParameterProblem> problems) =>
        problems.GroupBy(p => p.Parameter).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray());

    private static string Detail(IReadOnlyList<QueryParameterProblem> problems) => string.Join(" ", problems.Select(p => p.Message));
}
