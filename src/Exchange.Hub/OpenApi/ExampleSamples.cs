using System.Text.Json.Nodes;

namespace Exchange.Hub.OpenApi;

/// <summary>
/// The repository's sample records (<c>samples/*.json</c>), embedded at build time, so that the
/// API reference shows the records the schemas and the tests are checked against, not shapes
/// written again by hand.
/// </summary>
internal static class ExampleSamples
{
    /// <summary>The <paramref name="index"/>th record of <c>samples/{kind}.valid.json</c>.</summary>
    public static JsonObject Valid(string kind, int index = 0) => Read($"{kind}.valid.json")[index]!.DeepClone().AsObject();

    /// <summary>The <paramref name="index"/>th record of <c>samples/{kind}.invalid.json</c>.</summary>
    public static JsonObject Invalid(string kind, int index = 0) => Read($"{kind}.invalid.json")[index]!.DeepClone().AsObject();

    private static JsonArray Read(string file)
    {
        using var stream = typeof(ExampleSamples).Assembly.GetManifestResourceStream($"Samples/{file}")
            ?? throw new InvalidOperationException($"samples/{file} is not embedded in the hub.");
        return JsonNode.Parse(stream)!.AsArray();
    }
}
