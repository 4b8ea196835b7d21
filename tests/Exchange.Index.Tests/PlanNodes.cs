using System.Text.Json;

namespace Exchange.Index.Tests;

/// <summary>The nodes of a plan PostgreSQL printed as JSON (EXPLAIN or auto_explain), each before its children.</summary>
internal static class PlanNodes
{
    public static IEnumerable<JsonElement> Of(JsonElement node)
    {
        yield return node;
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                foreach (var descendant in Of(child))
                    yield return descendant;
            }
        }
    }
}
