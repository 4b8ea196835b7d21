using System.Text.Json.Nodes;

namespace Exchange.Adapters.Pull;

/// <summary>Dotted-path lookups in parsed JSON.</summary>
internal static class JsonPaths
{
    public static JsonNode? Get(JsonNode? node, string path)
    {
        foreach (var segment in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
            node = (node as JsonObject)?[segment];
        return node;
    }
}
