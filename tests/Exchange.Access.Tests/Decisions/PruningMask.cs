using System.Text.Json.Nodes;
using Exchange.Access.Decisions;

namespace Exchange.Access.Tests.Decisions;

/// <summary>
/// The mask as the release service once applied it — pruning a parsed tree in place — written
/// independently of <see cref="FieldMask.Copy"/>, so that a test can hold the copy to what
/// pruning leaves over many allowed sets.
/// </summary>
internal static class PruningMask
{
    /// <summary>Masks <paramref name="document"/> in place and returns it.</summary>
    public static JsonObject Apply(JsonObject document, IReadOnlySet<string> allowedFields, string kindPrefix)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(allowedFields);

        // Every proper ancestor of an allowed path is a container to descend into.
        var ancestors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in allowedFields)
        {
            for (var slash = field.LastIndexOf('/'); slash > 0; slash = field.LastIndexOf('/', slash - 1))
            {
                if (!ancestors.Add(field[..slash]))
                {
                    break;
                }
            }
        }

        Prune(document, kindPrefix, allowedFields, ancestors);
        return document;
    }

    private static void Prune(JsonObject node, string path, IReadOnlySet<string> allowed, HashSet<string> ancestors)
    {
        foreach (var name in node.Select(p => p.Key).ToList())
        {
            var childPath = $"{path}/{name}";
            var child = node[name];
            if (FieldCatalogue.NeverReleasedProperties.Contains(name))
            {
                node.Remove(name);
            }
            else if (allowed.Contains(childPath))
            {
                Scrub(child);
            }
            else if (child is JsonObject container && ancestors.Contains(childPath))
            {
                Prune(container, childPath, allowed, ancestors);
                if (container.Count == 0)
                {
                    node.Remove(name);
                }
            }
            else
            {
                node.Remove(name);
            }
        }
    }

    private static void Scrub(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (FieldCatalogue.NeverReleasedProperties.Contains(name))
                    {
                        obj.Remove(name);
                    }
                    else
                    {
                        Scrub(obj[name]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Scrub(item);
                }

                break;
        }
    }
}
