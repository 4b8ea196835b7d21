using System.Text.Json;

namespace Exchange.Core.Batches;

/// <summary>Reads a top-level <c>recordId</c> from a record that may be invalid, so its outcome can be named.</summary>
public static class RecordIdPeek
{
    /// <summary>The record's <c>recordId</c> string, or null when it cannot be read.</summary>
    public static string? Peek(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isRecordId = reader.ValueTextEquals("recordId"u8);
                reader.Read();
                if (isRecordId)
                {
                    var id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    return id is { Length: > 0 and <= 64 } ? id : null;
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
