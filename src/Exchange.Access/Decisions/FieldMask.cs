using System.Text.Json.Nodes;

namespace Exchange.Access.Decisions;

/// <summary>
/// Removes from a record document every property the decision did not allow, just before it is
/// serialised. Paths are <c>kindPrefix/property[/property]</c>; an allowed path keeps its whole
/// subtree; an object on the way to an allowed path is kept with only the allowed parts. Clear
/// identifiers (<see cref="FieldCatalogue.NeverReleasedProperties"/>) are removed at any depth
/// even if a faulty decision allowed them.
/// </summary>
public static class FieldMask
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
