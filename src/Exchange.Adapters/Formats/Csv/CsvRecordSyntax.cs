namespace Exchange.Adapters.Formats.Csv;

/// <summary>
/// Says what is wrong with one raw CSV record by RFC 4180. The CSV library reads quotes laxly so
/// that one bad row does not stop the file; this names the first flaw of the row so that the row
/// is answered with <c>csv.malformed</c> instead of being imported with a guessed value.
/// </summary>
internal static class CsvRecordSyntax
{
    public const string Unclosed = "A quoted field is not closed before the end of the file.";
    public const string TextAfterClosingQuote = "Text follows the closing quote of a field.";
    public const string StrayQuote = "A quote appears inside an unquoted field.";

    /// <summary>The first flaw of the record (its line ending included), or null when it is well-formed.</summary>
    public static string? FirstError(ReadOnlySpan<char> record)
    {
        if (!record.Contains('"'))
            return null;
        var i = 0;
        while (true)
        {
            if (i < record.Length && record[i] == '"')
            {
                i++;
                var closed = false;
                while (i < record.Length)
                {
                    if (record[i] == '"')
                    {
                        if (i + 1 < record.Length && record[i + 1] == '"')
                        {
                            i += 2;
                            continue;
                        }
                        i++;
                        closed = true;
                        break;
                    }
                    i++;
                }
                if (!closed)
                    return Unclosed;
                if (i < record.Length && record[i] is not (',' or '\n' or '\r'))
                    return TextAfterClosingQuote;
            }
            else
            {
                while (i < record.Length && record[i] is not (',' or '\n' or '\r'))
                {
                    if (record[i] == '"')
                        return StrayQuote;
                    i++;
                }
            }
            if (i >= record.Length || record[i] != ',')
                return null;
            i++;
        }
    }
}
