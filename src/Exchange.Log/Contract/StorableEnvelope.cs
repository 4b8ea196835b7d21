using System.Globalization;
using System.Text.Unicode;
using System.Text.Json;
using Exchange.Core.Envelope;

namespace Exchange.Log;

/// <summary>
/// What PostgreSQL would refuse in an envelope read from a topic. The hub never seals such a
/// record (its validation refuses a NUL, and it computes the content hash itself), but any writer
/// to a record topic can put one there; stored by a consumer (the merger, the consent projection),
/// it would fail the consumer's whole batch on every retry and stand the consumer still.
/// </summary>
public static class StorableEnvelope
{
    /// <summary>Where and why the envelope cannot be stored (a JSON pointer into the record, "" for the envelope); null when it can.</summary>
    /// <param name="envelope">The envelope read from the message.</param>
    /// <param name="value">The message's value: the record's JSON as written to the topic.</param>
    public static (string Pointer, string Message)? Refusal(RecordEnvelope envelope, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (!IsSha256Hex(envelope.ContentHash))
            return Reason("", "The content hash (ce_contenthash) is not a SHA-256 in lower-case hex.");
        if (HoldsNul(envelope.SourceOrganisation) || HoldsNul(envelope.SourceRecordId) || HoldsNul(envelope.SubjectKey))
            return Reason("", "An attribute (ce_source, ce_sourcerecordid or ce_subject) holds a NUL character, which PostgreSQL text cannot store.");
        if (!Utf8.IsValid(value))
            return Reason("", "The record is not valid UTF-8.");
        // Only an escape can write U+0000 or a lone surrogate in valid UTF-8 JSON.
        if (value.IndexOf("\\u"u8) >= 0 && UnstorableText(envelope.Record, "") is { } pointer)
            return Reason(pointer, "The record holds a NUL character or a lone surrogate, which PostgreSQL jsonb cannot store.");
        return null;
    }

    private static bool IsSha256Hex(string hash) =>
        hash.Length == 64 && hash.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0;

    private static bool HoldsNul(string? text) => text is not null && text.Contains('\0', StringComparison.Ordinal);

    private static string? UnstorableText(JsonElement element, string pointer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Unstorable(element.GetString) ? pointer : null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (Unstorable(() => property.Name))
                        return pointer;
                    if (UnstorableText(property.Value, Append(pointer, property.Name)) is { } found)
                        return found;
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (UnstorableText(item, pointer + "/" + (index++).ToString(CultureInfo.InvariantCulture)) is { } found)
                        return found;
                }
                return null;
            default:
                return null;
        }
    }

    // System.Text.Json refuses to unescape a lone surrogate into a string.
    private static bool Unstorable(Func<string?> read)
    {
        try
        {
            return HoldsNul(read());
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static string Append(string pointer, string name) =>
        pointer + "/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static (string, string) Reason(string pointer, string message) => (pointer, message);
}
