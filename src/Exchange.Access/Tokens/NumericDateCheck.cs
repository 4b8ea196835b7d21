using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Exchange.Access.Tokens;

/// <summary>
/// RFC 7519 §2: a NumericDate (<c>exp</c>, <c>nbf</c>, <c>iat</c>) is a JSON number. The token
/// library reads these three claims as numbers even when they come as strings
/// (<c>"exp": "1999999999"</c>) and keeps no trace of the JSON type (the claim's value type and
/// <c>TryGetPayloadValue</c> report a 64-bit integer either way, and its custom-claim hook is
/// never called for registered claims), so the type is checked here on the raw payload, with a
/// forward-only reader that allocates nothing for a payload of ordinary size.
/// </summary>
internal static class NumericDateCheck
{
    private const int StackLimit = 1024;

    public enum Verdict
    {
        /// <summary>Every top-level <c>exp</c>, <c>nbf</c> and <c>iat</c> present is a JSON number.</summary>
        Numbers,
        /// <summary>At least one of them is a string, boolean, null, object or array.</summary>
        NotNumbers,
        /// <summary>The payload is not base64url-encoded JSON with an object at its top.</summary>
        Unreadable,
    }

    /// <summary>Judges the payload segment of a JWS compact serialisation.</summary>
    public static Verdict Inspect(ReadOnlySpan<char> encodedPayload)
    {
        // An empty payload is an empty claim set to the library: nothing to check.
        if (encodedPayload.IsEmpty)
            return Verdict.Numbers;
        var maxLength = Base64Url.GetMaxDecodedLength(encodedPayload.Length);
        byte[]? rented = null;
        Span<byte> buffer = maxLength <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(maxLength));
        try
        {
            return Base64Url.TryDecodeFromChars(encodedPayload, buffer, out var written)
                ? Inspect(buffer[..written])
                : Verdict.Unreadable;
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static Verdict Inspect(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return Verdict.Unreadable;
            // Every member is looked at, not just the first of each name: the library keeps the last
            // of duplicate members, and ValueTextEquals sees through escaped names ("\u0065xp").
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isNumericDate = reader.ValueTextEquals("exp"u8) || reader.ValueTextEquals("nbf"u8) || reader.ValueTextEquals("iat"u8);
                reader.Read();
                if (isNumericDate && reader.TokenType != JsonTokenType.Number)
                    return Verdict.NotNumbers;
                reader.Skip();
            }
            return reader.TokenType == JsonTokenType.EndObject ? Verdict.Numbers : Verdict.Unreadable;
        }
        catch (JsonException)
        {
            return Verdict.Unreadable;
        }
    }
}
