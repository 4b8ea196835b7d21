using System.Text.Json;

namespace Exchange.Core.Batches;

/// <summary>Reads a top-level <c>recordId</c> (or <c>residentId</c>) from a record that may be invalid, so its outcome can be named and its dead letter keyed.</summary>
public static class RecordIdPeek
{
    /// <summary>The record's <c>recordId</c> string, or null when it cannot be read.</summary>
    public static string? Peek(ReadOnlySpan<byte> utf8) => PeekString(utf8, "recordId"u8, 64);

    /// <summary>The record's top-level <c>residentId</c> string, or null when it cannot be read.</summary>
    public static string? PeekResidentId(ReadOnlySpan<byte> utf8) => PeekString(utf8, "residentId"u8, 18);

    private static string? PeekString(ReadOnlySpan<byte> utf8, ReadOnlySpan<byte> property, int maxLength)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isWanted = reader.ValueTextEquals(property);
                reader.Read();
                if (isWanted)
                {
                    var value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    return value is { Length: > 0 } && value.Length <= maxLength ? value : null;
                }
                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }
        catch (InvalidOperationException)
        {
        }
        return null;
    }
}
