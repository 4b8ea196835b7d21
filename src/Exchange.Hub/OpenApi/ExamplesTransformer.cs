using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Exchange.Hub.OpenApi;

/// <summary>
/// Puts each operation's example (<see cref="OperationExamples"/>) into the OpenAPI document: the
/// request body's JSON example, and the success answer's, adding that answer where the endpoint
/// returns an untyped result and so declared none. A document transformer, so that it runs after
/// every operation transformer, including the push endpoint's own description of its body.
/// </summary>
internal sealed class ExamplesTransformer(OperationExamples examples) : IOpenApiDocumentTransformer
{
    private const string Json = "application/json";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                // Route groups mapped with "/" leave a trailing slash in the path.
                if (examples.For($"{method.Method.ToUpperInvariant()} {path.TrimEnd('/')}") is { } example)
                    Apply(operation, example);
            }
        }
        return Task.CompletedTask;
    }

    private static void Apply(OpenApiOperation operation, OperationExample example)
    {
        if (example.Request is { } request && operation.RequestBody is OpenApiRequestBody { Content: { } accepted }
            && accepted.TryGetValue(Json, out var requestMedia) && requestMedia is OpenApiMediaType requestJson)
        {
            requestJson.Example = request.DeepClone();
        }

        operation.Responses ??= [];
        var status = example.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!operation.Responses.TryGetValue(status, out var declared) || declared is not OpenApiResponse response)
        {
            response = new OpenApiResponse { Description = example.Status == StatusCodes.Status201Created ? "Created" : "OK" };
            operation.Responses[status] = response;
        }
        response.Content ??= new Dictionary<string, OpenApiMediaType>();
        if (!response.Content.TryGetValue(Json, out var answered) || answered is not OpenApiMediaType answerJson)
        {
            answerJson = new OpenApiMediaType();
            response.Content[Json] = answerJson;
        }
        answerJson.Example = example.Response.DeepClone();
    }
}
