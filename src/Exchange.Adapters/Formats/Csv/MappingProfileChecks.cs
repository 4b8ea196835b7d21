using System.Text.Json;
using Exchange.Core.Model;

namespace Exchange.Adapters.Formats.Csv;

/// <summary>
/// Checks mapping profiles against their kind's published schema: every column, constant, derived
/// field and template names a field the schema has, with a value of that field's type, and no
/// header names two columns. Each failure names the profile file, the entry and what is wrong.
/// </summary>
internal static class MappingProfileChecks
{
    /// <summary>A column's place in the file that declares it, to name it in a failure.</summary>
    public sealed record ColumnOrigin(string File, int Index);

    /// <summary>The entries a profile file declares itself, as written (before <c>extends</c> is resolved).</summary>
    public static IEnumerable<string> Problems(MappingProfile profile, string file, SchemaFieldTypes schema)
    {
        profile.TryGetKind(out var kind);
        var failures = new List<string>();
        void Fail(string entry, string what) => failures.Add($"Mapping profile file '{file}', {entry}: {what}");

        for (var i = 0; i < profile.Columns.Count; i++)
        {
            var column = profile.Columns[i];
            var entry = FormattableString.Invariant($"columns[{i}]");
            if (column.Headers is null || column.Headers.Count == 0 || column.Headers.Any(string.IsNullOrWhiteSpace))
                Fail(entry, "every column needs one or more non-empty headers.");
            if (column.Path is not null && column.Targets.Count > 0)
                Fail(entry, "give either 'path' (one field) or 'targets' (several fields), not both.");
            else if (column.Fills.Count == 0)
                Fail(entry, "give 'path', the field the column fills, or 'targets', the fields it fills.");

            for (var t = 0; t < column.Fills.Count; t++)
            {
                var target = column.Fills[t];
                var targetEntry = column.Targets.Count > 0 ? FormattableString.Invariant($"{entry}.targets[{t}]") : entry;
                CheckConverted(targetEntry, target.Path, target.Convert);
            }
        }

        foreach (var (path, value) in profile.Constants)
        {
            var entry = $"constants.{path}";
            if (Field(entry, path) is { } type)
            {
                if (Mismatch(value, type) is { } what)
                    Fail(entry, what);
            }
        }

        foreach (var (path, derived) in profile.Derived)
        {
            var entry = $"derived.{path}";
            if (string.IsNullOrWhiteSpace(derived.From))
            {
                Fail(entry, "'from' must name the field the value is computed from.");
                continue;
            }
            if (string.Equals(derived.From, path, StringComparison.Ordinal))
                Fail(entry, "a field cannot be computed from itself.");
            Field(entry + ".from", derived.From);
            CheckConverted(entry, path, derived.Convert);
        }

        foreach (var path in profile.Templates.Keys)
        {
            if (Field($"templates.{path}", path) is { } type && !type.Allows("string"))
                Fail($"templates.{path}", $"a template makes text, but the {profile.Kind} schema's '{path}' is {type}.");
        }
        return failures;

        FieldType? Field(string entry, string path)
        {
            var type = schema.Find(kind, path);
            if (type is null)
                Fail(entry, $"the {profile.Kind} schema has no field '{path}'.");
            return type;
        }

        void CheckConverted(string entry, string path, string converter)
        {
            if (!ValueConverters.IsKnown(converter))
            {
                Fail(entry, $"'{converter}' is not a converter; use one of {string.Join(", ", ValueConverters.Known)}.");
                return;
            }
            var output = ValueConverters.OutputType(converter);
            if (Field(entry, path) is { } type && !type.Allows(output))
                Fail(entry, $"the converter '{converter}' makes {Article(output)}, but the {profile.Kind} schema's '{path}' is {type}.");
        }
    }

    /// <summary>Headers of a resolved profile that name two different columns, each failure naming the later column where it is declared.</summary>
    public static IEnumerable<string> HeaderCollisions(MappingProfile resolved, IReadOnlyDictionary<ColumnMapping, ColumnOrigin> origins)
    {
        var byHeader = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in resolved.Columns)
        {
            var paths = string.Join(", ", column.Fills.Select(f => f.Path));
            foreach (var header in column.Headers ?? [])
            {
                var key = header?.Trim() ?? "";
                if (key.Length == 0)
                    continue;
                if (byHeader.TryGetValue(key, out var other) && other != paths && origins.TryGetValue(column, out var origin))
                {
                    yield return FormattableString.Invariant(
                        $"Mapping profile file '{origin.File}', columns[{origin.Index}]: the header '{key}' already names the column for '{other}'; one column entry with 'targets' feeds several fields.");
                }
                byHeader[key] = paths;
            }
        }
    }

    /// <summary>Why a constant does not fit the field's type, or null when it does.</summary>
    private static string? Mismatch(JsonElement value, FieldType type)
    {
        var actual = JsonType(value);
        if (actual is "object" or "null")
            return $"a constant must be a string, number, boolean or array, not {actual}; name a nested field by its dotted path.";
        if (!type.Allows(actual))
            return $"the value is {Article(actual)}, but the schema wants {type}.";
        if (actual == "array" && type.Items is { } items)
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                var itemType = JsonType(item);
                if (!items.Allows(itemType))
                    return FormattableString.Invariant($"item {index} is {Article(itemType)}, but the schema wants items of {items}.");
                index++;
            }
        }
        return null;
    }

    private static string JsonType(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => value.TryGetInt64(out _) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };

    private static string Article(string type) => type is "integer" or "array" or "object" ? $"an {type}" : $"a {type}";
}
