using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Exchange.Core.Identifiers;

public static partial class ResidentIdScrubber
{
    private const int MaxIdDigits = 18;

    /// <summary>
    /// Scrubs a JSON tree in place: ids inside strings are replaced by <see cref="Marker"/> and
    /// the rest of the text kept; a number whose value is an id (<c>110101199003077777</c>,
    /// <c>1.10101199003077777E17</c>, <c>110101199003077777.0</c>), or whose digits spell one, becomes
    /// the string <see cref="Marker"/>; a property whose name holds an id is renamed to the scrubbed
    /// name, with <c>#2</c>, <c>#3</c>… appended when that name is taken, in its place. The walk
    /// keeps its own stack, so depth is limited by memory, not by the call stack.
    /// </summary>
    /// <param name="node">The tree; a value node is replaced in its parent.</param>
    /// <exception cref="ArgumentException">The node is a value holding an id and has no parent to be replaced in; or an object parsed from JSON names a property twice.</exception>
    /// <exception cref="InvalidOperationException">A string is not well-formed UTF-16 or UTF-8.</exception>
    public static void ScrubInPlace(JsonNode? node)
    {
        if (node is JsonValue value)
        {
            if (Replacement(value) is not { } replacement)
                return;
            if (value.Parent is null)
                throw new ArgumentException("A value holding a resident id cannot be scrubbed in place without a parent; scrub its text or the tree around it.", nameof(node));
            value.ReplaceWith(replacement);
            return;
        }
        if (node is null)
            return;

        var pending = new Stack<JsonNode>();
        pending.Push(node);
        while (pending.TryPop(out var current))
        {
            if (current is JsonObject obj)
                ScrubMembers(obj, pending);
            else if (current is JsonArray array)
                ScrubItems(array, pending);
        }
    }

    /// <summary>
    /// Parses UTF-8 JSON, scrubs it as <see cref="ScrubInPlace"/> does, and writes it again with
    /// non-ASCII characters left readable. Returns null when the bytes are not valid JSON —
    /// malformed, not UTF-8, deeper than <paramref name="maxDepth"/>, a property named twice, or a
    /// string that is not well-formed UTF-16 — and the caller must then not forward them, since an
    /// id in them could not be found. The caller caps the size.
    /// </summary>
    public static byte[]? ScrubJson(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDepth);
        if (!Utf8.IsValid(utf8))
            return null;
        try
        {
            var root = JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { MaxDepth = maxDepth, AllowDuplicateProperties = false });
            if (root is JsonValue value)
                root = Replacement(value) ?? value;
            else
                ScrubInPlace(root);

            var buffer = new ArrayBufferWriter<byte>(utf8.Length + 16);
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = maxDepth }))
            {
                if (root is null)
                    writer.WriteNullValue();
                else
                    root.WriteTo(writer);
            }
            return buffer.WrittenSpan.ToArray();
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // A string or property name escaping a lone surrogate: it has no text to scrub.
            return null;
        }
    }

    /// <summary>
    /// True when any string, property name or number of the UTF-8 JSON holds an id, escapes
    /// decoded (<c>\u0034</c> is a 4) — one forward pass with nothing built, to decide whether a
    /// document needs <see cref="ScrubJson"/> at all. True also when the bytes are not valid JSON
    /// up to <paramref name="maxDepth"/>: an id in them could not be ruled out.
    /// </summary>
    public static bool JsonContainsResidentId(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth });
        char[]? rented = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.String or JsonTokenType.PropertyName:
                        if (reader.HasValueSequence)
                            return true;
                        if (!reader.ValueIsEscaped)
                        {
                            if (ContainsResidentId(reader.ValueSpan))
                                return true;
                            break;
                        }
                        if (rented is null || rented.Length < reader.ValueSpan.Length)
                        {
                            if (rented is not null)
                                ArrayPool<char>.Shared.Return(rented);
                            rented = ArrayPool<char>.Shared.Rent(reader.ValueSpan.Length);
                        }
                        if (ContainsResidentId(rented.AsSpan(0, reader.CopyString(rented))))
                            return true;
                        break;
                    case JsonTokenType.Number:
                        if (IsIdNumber(reader.ValueSpan))
                            return true;
                        break;
                }
            }
            return false;
        }
        catch (JsonException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
        finally
        {
            if (rented is not null)
                ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static void ScrubItems(JsonArray array, Stack<JsonNode> pending)
    {
        for (var i = 0; i < array.Count; i++)
        {
            if (Visit(array[i], pending) is { } replacement)
                array[i] = replacement;
        }
    }

    private static void ScrubMembers(JsonObject obj, Stack<JsonNode> pending)
    {
        Dictionary<string, int>? lastSuffix = null;
        for (var i = 0; i < obj.Count; i++)
        {
            var (name, child) = obj.GetAt(i);
            if (Visit(child, pending) is { } replacement)
            {
                obj.SetAt(i, replacement);
                child = replacement;
            }

            var scrubbed = Scrub(name);
            if (ReferenceEquals(scrubbed, name))
                continue;
            var unique = scrubbed;
            if (obj.ContainsKey(scrubbed))
            {
                // Remembering the last suffix per name keeps an object of many id-named properties linear.
                lastSuffix ??= new Dictionary<string, int>(StringComparer.Ordinal);
                var suffix = lastSuffix.GetValueOrDefault(scrubbed, 1);
                do
                    unique = scrubbed + "#" + (++suffix).ToString(CultureInfo.InvariantCulture);
                while (obj.ContainsKey(unique));
                lastSuffix[scrubbed] = suffix;
            }
            obj.SetAt(i, unique, child);
        }
    }

    // Containers are left for the walk; a value is answered with its replacement, or null when clean.
    private static JsonNode? Visit(JsonNode? node, Stack<JsonNode> pending)
    {
        if (node is JsonValue value)
            return Replacement(value);
        if (node is not null)
            pending.Push(node);
        return null;
    }

    private static JsonNode? Replacement(JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                string text;
                if (value.TryGetValue<JsonElement>(out var element))
                {
                    // Without an escape the raw bytes are the text: most strings are cleared without decoding them.
                    var raw = JsonMarshal.GetRawUtf8Value(element);
                    if (!raw.Contains((byte)'\\') && !ContainsResidentId(raw))
                        return null;
                    text = element.GetString()!;
                }
                else
                {
                    text = value.TryGetValue<string>(out var clr) ? clr : JsonNode.Parse(value.ToJsonString())!.GetValue<string>();
                }
                var scrubbed = Scrub(text);
                return ReferenceEquals(scrubbed, text) ? null : JsonValue.Create(scrubbed);

            case JsonValueKind.Number:
                var isId = value.TryGetValue<JsonElement>(out var number)
                    ? IsIdNumber(JsonMarshal.GetRawUtf8Value(number))
                    : IsIdNumber(Encoding.UTF8.GetBytes(value.ToJsonString()));
                return isId ? JsonValue.Create(Marker) : null;

            case JsonValueKind.Object or JsonValueKind.Array:
                // A CLR object held as a value: scrubbed as a tree, and kept when nothing changed.
                var json = value.ToJsonString();
                var tree = JsonNode.Parse(json)!;
                ScrubInPlace(tree);
                return tree.ToJsonString() == json ? null : tree;

            default:
                return null;
        }
    }

    /// <summary>
    /// True when a JSON number's text spells an id, or its value is an integer whose 15 or 18
    /// digits are an id however it is written: <c>-110101199003077777</c>, <c>1.10101199003077777E17</c>.
    /// </summary>
    private static bool IsIdNumber(ReadOnlySpan<byte> number)
    {
        if (ContainsResidentId(number))
            return true;

        // The value is significand × 10^scale, the significand without leading or trailing zeros.
        Span<byte> digits = stackalloc byte[MaxIdDigits];
        int count = 0, trailingZeros = 0, scale = 0, at = 0;
        var fraction = false;
        if (at < number.Length && number[at] == '-')
            at++;
        for (; at < number.Length && number[at] is not ((byte)'e' or (byte)'E'); at++)
        {
            if (number[at] == '.')
            {
                fraction = true;
                continue;
            }
            if (fraction)
                scale--;
            var digit = (byte)(number[at] - '0');
            if (digit == 0)
            {
                if (count > 0)
                    trailingZeros++;
                continue;
            }
            if (count + trailingZeros >= MaxIdDigits)
                return false; // more significant digits than an id has
            for (; trailingZeros > 0; trailingZeros--)
                digits[count++] = 0;
            digits[count++] = digit;
        }
        if (count == 0)
            return false;

        if (at < number.Length)
        {
            at++;
            var negative = at < number.Length && number[at] == '-';
            if (at < number.Length && number[at] is (byte)'-' or (byte)'+')
                at++;
            var exponent = 0;
            for (; at < number.Length; at++)
                exponent = Math.Min((exponent * 10) + (number[at] - '0'), 1_000_000);
            scale += negative ? -exponent : exponent;
        }
        scale += trailingZeros;
        if (scale < 0)
            return false; // not an integer

        var length = count + scale;
        if (length is not (15 or 18))
            return false;
        digits[count..length].Clear();
        return ResidentIdRule.HasBirthDate(digits, legacy: length == 15);
    }
}
