using System.Text.Json.Nodes;

namespace Exchange.Adapters.Formats.JobPosting;

/// <summary>
/// The nodes of a JSON-LD <c>@graph</c> by <c>@id</c>, so that a posting which names its employer
/// or place by reference (<c>{"@id": "…#org"}</c>) can be read as if the node were written inline.
/// </summary>
internal sealed class JsonLdGraph
{
    /// <summary>Marks a reference left unresolved because it leads back to a node being resolved.</summary>
    public const string UnresolvedKey = "@unresolved";

    public const string Cycle = "cycle";
    public const string TooDeep = "too-deep";

    // References nest rarely more than two deep (posting → organisation → address); the caps keep
    // a hostile graph that references itself many times over from growing without bound.
    private const int MaxDepth = 8;
    private const int MaxExpansions = 1_000;

    private readonly Dictionary<string, JsonObject> _nodes;

    private JsonLdGraph(Dictionary<string, JsonObject> nodes) => _nodes = nodes;

    /// <summary>A graph that holds no nodes: every reference stays unresolved.</summary>
    public static JsonLdGraph Empty { get; } = new([]);

    /// <summary>Indexes the nodes of a <c>@graph</c> array; the first node with an id wins.</summary>
    public static JsonLdGraph Of(JsonNode? graph)
    {
        var nodes = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var node in JsonLd.Many(graph).OfType<JsonObject>())
        {
            if (JsonLd.Text(node["@id"]) is { } id)
                nodes.TryAdd(id, node);
        }
        return new JsonLdGraph(nodes);
    }

    /// <summary>True when a node only names another one: it has an <c>@id</c> and nothing but a type.</summary>
    public static bool IsReference(JsonNode? node) =>
        node is JsonObject obj && JsonLd.Text(obj["@id"]) is not null
        && obj.All(p => p.Key is "@id" or "@type" or UnresolvedKey);

    /// <summary>
    /// A copy of <paramref name="node"/> with each reference replaced by a copy of the node it names.
    /// A reference the graph does not hold is kept as it is; one that leads back to a node on the
    /// way to it, or lies too deep, is kept and marked with <see cref="UnresolvedKey"/>.
    /// </summary>
    public JsonObject Embed(JsonObject node)
    {
        var path = new List<string>();
        var expansions = 0;
        return (JsonObject)Resolve(node, path, 0, ref expansions)!;
    }

    private JsonNode? Resolve(JsonNode? node, List<string> path, int depth, ref int expansions)
    {
        switch (node)
        {
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                    items.Add(Resolve(item, path, depth, ref expansions));
                return items;
            case JsonObject obj when IsReference(obj):
                var id = JsonLd.Text(obj["@id"])!;
                if (path.Contains(id, StringComparer.Ordinal))
                    return Marked(id, Cycle);
                if (!_nodes.TryGetValue(id, out var target))
                    return obj.DeepClone();
                if (depth >= MaxDepth || ++expansions > MaxExpansions)
                    return Marked(id, TooDeep);
                return ResolveProperties(target, id, path, depth + 1, ref expansions);
            case JsonObject obj:
                return ResolveProperties(obj, JsonLd.Text(obj["@id"]), path, depth, ref expansions);
            default:
                return node?.DeepClone();
        }
    }

    private JsonObject ResolveProperties(JsonObject obj, string? id, List<string> path, int depth, ref int expansions)
    {
        if (id is not null)
            path.Add(id);
        var copy = new JsonObject();
        foreach (var (name, value) in obj)
            copy[name] = Resolve(value, path, depth, ref expansions);
        if (id is not null)
            path.RemoveAt(path.Count - 1);
        return copy;
    }

    private static JsonObject Marked(string id, string why) => new() { ["@id"] = id, [UnresolvedKey] = why };
}
