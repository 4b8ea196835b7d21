using System.Text;

namespace Exchange.Adapters.Formats.Csv;

/// <summary>
/// Splits text into records of fields by RFC 4180: comma-separated, fields optionally in double
/// quotes, a quote inside a quoted field doubled, commas and line breaks allowed inside quotes,
/// records ended by CRLF or a lone LF. One linear pass, no backtracking.
/// </summary>
internal static class Rfc4180Parser
{
    /// <summary>One record: its one-based number in the file and its fields; <paramref name="Error"/> when it was malformed.</summary>
    public sealed record Record(int Number, IReadOnlyList<string> Fields, string? Error);

    public static IEnumerable<Record> Parse(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var number = 0;
        var i = 0;
        string? error = null;
        while (i <= text.Length)
        {
            // Start of a field.
            if (i < text.Length && text[i] == '"')
            {
                i++;
                var closed = false;
                while (i < text.Length)
                {
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        closed = true;
                        break;
                    }
                    field.Append(text[i++]);
                }
                if (!closed)
                    error ??= "A quoted field is not closed before the end of the file.";
                // Anything between the closing quote and the next separator is malformed; keep it.
                while (i < text.Length && text[i] is not (',' or '\n' or '\r'))
                {
                    error ??= "Text follows the closing quote of a field.";
                    field.Append(text[i++]);
                }
            }
            else
            {
                while (i < text.Length && text[i] is not (',' or '\n' or '\r'))
                {
                    if (text[i] == '"')
                        error ??= "A quote appears inside an unquoted field.";
                    field.Append(text[i++]);
                }
            }

            fields.Add(field.ToString());
            field.Clear();

            if (i < text.Length && text[i] == ',')
            {
                i++;
                continue;
            }

            // End of a record (line break or end of text).
            number++;
            if (!(fields.Count == 1 && fields[0].Length == 0 && error is null))
                yield return new Record(number, fields.ToArray(), error);
            fields.Clear();
            error = null;
            if (i >= text.Length)
                yield break;
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                i += 2;
            else
                i++;
            if (i >= text.Length)
                yield break;
        }
    }
}
