using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Exchange.Core.Tests.Conformance;

/// <summary>
/// Breaks a sample record in one of the ways of <see cref="MutationKind"/>, driven by a seeded
/// random source so that any record of the corpus can be produced again from its seed.
/// </summary>
/// <remarks>
/// Strings stay within the Basic Multilingual Plane: outside it the compiled validator counts
/// code points and NJsonSchema UTF-16 units, a difference tested on its own. Numbers stay within
/// the decimal range, beyond which NJsonSchema's reader throws.
/// </remarks>
internal sealed class RecordMutator(Random random)
{
    private static readonly string[] s_extraNames =
        ["extra", "Extra", "x-note", "a.b", "名字", "recordid", "with space", "it's", "[0]", "a/b", "~tilde", "note"];

    private static readonly string[] s_strings =
        ["", "x", "12", "123456", "1234567890", "12345678901", "0123456789\n", "abc", "张三", "2026-02-30", "2026-06-30",
         "2026-6-3", " 2026-06-30", "2026-06-30T09:00:00+08:00", "2026-06-30 09:00", "+86 138 0013 8000", "13800138000",
         "a@b.cn", "a@b", "110101199003077777", "11010119900307777X", "91350100M000100Y43", "1", "9", "0", "21", "K",
         "120203K", "120203KT", "2-02-38-01", "2-02", "\u0000", "\t", "ab\\cd", "\"quoted\"", "ÀÉ", "中华人民共和国"];

    public JsonNode Mutate(JsonNode record, MutationKind kind)
    {
        var copy = record.DeepClone();
        var rounds = kind == MutationKind.Mixed ? random.Next(2, 5) : random.Next(1, 3);
        for (var i = 0; i < rounds; i++)
            Apply(copy, kind == MutationKind.Mixed ? (MutationKind)random.Next((int)MutationKind.Mixed) : kind);
        return copy;
    }

    /// <summary>Changes to the text itself, which a tree cannot hold: a property sent twice, a name written with escapes.</summary>
    public string MutateText(string json, MutationKind kind, JsonNode record)
    {
        if (kind == MutationKind.RepeatedProperty && record is JsonObject root && root.Count > 0)
        {
            var name = root.ElementAt(random.Next(root.Count)).Key;
            var value = random.Next(3) switch { 0 => "null", 1 => RandomValue(2)?.ToJsonString() ?? "null", _ => JsonSerializer.Serialize(Pick(s_strings)) };
            var repeat = $",{JsonSerializer.Serialize(name)}:{value}";
            var at = json.LastIndexOf('}');
            return random.Next(2) == 0 ? json[..at] + repeat + json[at..] : "{" + repeat[1..] + "," + json[1..];
        }
        if (kind == MutationKind.EscapedName && record is JsonObject named && named.Count > 0)
        {
            var name = named.ElementAt(random.Next(named.Count)).Key;
            var escaped = string.Concat(name.Select((c, i) => i == 1 ? $"\\u{(int)c:x4}" : c.ToString()));
            return json.Replace($"\"{name}\":", $"\"{escaped}\":", StringComparison.Ordinal);
        }
        return json;
    }

    private void Apply(JsonNode root, MutationKind kind)
    {
        var slots = Slots(root, "").ToList();
        if (slots.Count == 0)
            return;
        var (parent, key, _) = slots[random.Next(slots.Count)];
        switch (kind)
        {
            case MutationKind.WrongType:
                Set(parent, key, RandomValue(1));
                break;
            case MutationKind.MissingProperty:
                var properties = slots.Where(s => s.Parent is JsonObject).ToList();
                if (properties.Count > 0 && properties[random.Next(properties.Count)] is { Parent: JsonObject owner, Key: string name })
                    owner.Remove(name);
                break;
            case MutationKind.ExtraProperty:
                var objects = Objects(root).ToList();
                var target = objects[random.Next(objects.Count)];
                target[Pick(s_extraNames)] = RandomValue(1);
                break;
            case MutationKind.BadPattern or MutationKind.BadCode or MutationKind.BadDate:
                Set(parent, key, JsonValue.Create(Pick(s_strings)));
                break;
            case MutationKind.BadLength:
                Set(parent, key, JsonValue.Create(RandomText(Pick([0, 1, 2, 31, 32, 33, 63, 64, 65, 99, 100, 101, 199, 200, 201, 254, 255, 256]))));
                break;
            case MutationKind.BadNumber:
                Set(parent, key, RandomNumber());
                break;
            case MutationKind.UnexpectedNull:
                Set(parent, key, null);
                break;
            case MutationKind.DeepNesting:
                var room = Math.Max(0, 15 - Depth(parent));
                Set(parent, key, Nested(random.Next(room + 1)));
                break;
            case MutationKind.RepeatedProperty or MutationKind.EscapedName:
                // Applied to the text by MutateText.
                break;
        }
    }

    private JsonNode? RandomValue(int depth) => random.Next(depth > 0 ? 9 : 7) switch
    {
        0 => JsonValue.Create(Pick(s_strings)),
        1 => RandomNumber(),
        2 => JsonValue.Create(random.Next(2) == 0),
        3 => null,
        4 => JsonValue.Create(RandomText(random.Next(0, 8))),
        5 => JsonValue.Create(random.Next(-5, 3000)),
        6 => JsonValue.Create(Pick(s_strings)),
        7 => new JsonArray(RandomValue(depth - 1), RandomValue(depth - 1)),
        _ => new JsonObject { [Pick(s_extraNames)] = RandomValue(depth - 1), ["name"] = RandomValue(depth - 1) },
    };

    private JsonNode RandomNumber()
    {
        var text = random.Next(10) switch
        {
            0 => "1979",
            1 => "1980",
            2 => "2100",
            3 => "2101",
            4 => "-1",
            5 => "1000001",
            6 => "2026.5",
            7 => "2.026e3",
            8 => "0.0",
            _ => random.Next(-100000, 2000000).ToString(CultureInfo.InvariantCulture),
        };
        return JsonNode.Parse(text)!;
    }

    private JsonNode? Nested(int levels)
    {
        if (levels == 0)
            return RandomValue(0);
        return random.Next(2) == 0 ? new JsonArray(Nested(levels - 1)) : new JsonObject { [Pick(s_extraNames)] = Nested(levels - 1) };
    }

    private string RandomText(int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
            text.Append(random.Next(4) == 0 ? (char)random.Next(0x4E00, 0x9FA5) : (char)random.Next('a', 'z' + 1));
        return text.ToString();
    }

    private T Pick<T>(T[] values) => values[random.Next(values.Length)];

    private static void Set(JsonNode parent, object key, JsonNode? value)
    {
        if (parent is JsonObject obj)
            obj[(string)key] = value;
        else if (parent is JsonArray array)
            array[(int)key] = value;
    }

    private static int Depth(JsonNode node)
    {
        var depth = 0;
        for (var at = node; at.Parent is not null; at = at.Parent)
            depth++;
        return depth + 1;
    }

    private static IEnumerable<(JsonNode Parent, object Key, string Path)> Slots(JsonNode node, string path)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, value) in obj.ToList())
            {
                yield return (obj, name, path + "/" + name);
                if (value is not null)
                {
                    foreach (var slot in Slots(value, path + "/" + name))
                        yield return slot;
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                yield return (array, i, path + "/" + i);
                if (array[i] is { } item)
                {
                    foreach (var slot in Slots(item, path + "/" + i))
                        yield return slot;
                }
            }
        }
    }

    private static IEnumerable<JsonObject> Objects(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            yield return obj;
            foreach (var (_, value) in obj)
            {
                if (value is not null)
                {
                    foreach (var inner in Objects(value))
                        yield return inner;
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                if (item is not null)
                {
                    foreach (var inner in Objects(item))
                        yield return inner;
                }
            }
        }
    }
}
