using System.Text.Json;
using System.Text.Json.Nodes;

namespace Exchange.Access.Decisions;

/// <summary>
/// What of a record leaves: only the properties the decision allowed, copied just before it is
/// serialised. Paths are <c>kindPrefix/property[/property]</c>; an allowed path keeps its whole
/// subtree; an object on the way to an allowed path is kept with only the allowed parts. Clear
/// identifiers (<see cref="FieldCatalogue.NeverReleasedProperties"/>) are left out at any depth
/// even if a faulty decision allowed them.
/// </summary>
public static class FieldMask
{
    /// <summary>
    /// The masked copy of <paramref name="record"/>, built from its allowed parts alone: nothing
    /// refused is ever copied, and an allowed subtree that holds no clear identifier is kept as it
    /// lies in <paramref name="record"/> rather than rebuilt node by node, so the copy reads the
    /// record's own text: an element of a document that will be disposed is cloned first (a
    /// standalone element, as a stored record is, costs nothing to clone).
    /// </summary>
    public static JsonObject Copy(JsonElement record, IReadOnlySet<string> allowedFields, string kindPrefix)
    {
        ArgumentNullException.ThrowIfNull(allowedFields);
        if (record.ValueKind != JsonValueKind.Object)
            throw new ArgumentException($"A record is a JSON object, not {record.ValueKind}.", nameof(record));
        return CopyAllowed(record.Clone(), kindPrefix, allowedFields);
    }

    private static JsonObject CopyAllowed(JsonElement node, string path, IReadOnlySet<string> allowed)
    {
        var copy = new JsonObject();
        foreach (var property in node.EnumerateObject())
        {
            var name = property.Name;
            if (FieldCatalogue.NeverReleasedProperties.Contains(name))
                continue;
            var childPath = string.Concat(path, "/", name);
            if (allowed.Contains(childPath))
            {
                copy[name] = Scrubbed(property.Value);
            }
            else if (property.Value.ValueKind == JsonValueKind.Object && LeadsToAllowed(childPath, allowed))
            {
                var inner = CopyAllowed(property.Value, childPath, allowed);
                if (inner.Count > 0)
                    copy[name] = inner;
            }
        }
        return copy;
    }

    // Is the path a proper ancestor of an allowed field?
    private static bool LeadsToAllowed(string path, IReadOnlySet<string> allowed)
    {
        foreach (var field in allowed)
        {
            if (field.Length > path.Length + 1 && field[path.Length] == '/' && field.StartsWith(path, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    private static JsonNode? Scrubbed(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object when !HoldsClearIdentifier(value) => JsonObject.Create(value),
        JsonValueKind.Array when !HoldsClearIdentifier(value) => JsonArray.Create(value),
        JsonValueKind.Object => ScrubbedObject(value),
        JsonValueKind.Array => new JsonArray([.. value.EnumerateArray().Select(Scrubbed)]),
        _ => JsonValue.Create(value),
    };

    private static JsonObject ScrubbedObject(JsonElement value)
    {
        var copy = new JsonObject();
        foreach (var property in value.EnumerateObject())
        {
            if (!FieldCatalogue.NeverReleasedProperties.Contains(property.Name))
                copy[property.Name] = Scrubbed(property.Value);
        }
        return copy;
    }

    private static bool HoldsClearIdentifier(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                if (FieldCatalogue.NeverReleasedProperties.Contains(property.Name) || HoldsClearIdentifier(property.Value))
                    return true;
            }
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                if (HoldsClearIdentifier(item))
                    return true;
            }
        }
        return false;
    }
}
