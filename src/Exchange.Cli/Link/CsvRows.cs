namespace Exchange.Cli.Link;

/// <summary>
/// Splits CSV text (RFC 4180: quoted fields may hold separators, quotes doubled and line breaks) into
/// rows. A row that is malformed — a quote left open, or a field count unlike the header's — is
/// reported by its first line and reading resumes on the next line, so one bad row loses no other.
/// </summary>
internal static class CsvRows
{
    public readonly record struct Row(long Line, string[]? Cells, string? Problem);

    public static IEnumerable<Row> Read(string text, char delimiter, int? expectedCells)
    {
        var position = 0;
        long line = 1;
        if (text.Length > 0 && text[0] == '\uFEFF')
            position = 1;
        while (position < text.Length)
        {
            var (cells, end, lines, problem) = ParseRow(text, position, delimiter);
            if (problem is null && expectedCells is { } expected && cells.Count != expected)
            {
                if (cells.Count == 1 && cells[0].Length == 0)
                {
                    position = end;
                    line += lines;
                    continue;
                }
                problem = $"The row has {cells.Count} fields; the header has {expected}.";
            }
            if (problem is null)
            {
                yield return new Row(line, [.. cells], null);
                position = end;
                line += lines;
                expectedCells ??= cells.Count;
                continue;
            }
            yield return new Row(line, null, problem);
            var next = text.IndexOf('\n', position);
            position = next < 0 ? text.Length : next + 1;
            line++;
        }
    }

    private static (List<string> Cells, int End, int Lines, string? Problem) ParseRow(string text, int start, char delimiter)
    {
        var cells = new List<string>();
        var field = new System.Text.StringBuilder();
        var i = start;
        var lines = 1;
        var quoted = false;
        var wasQuoted = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                    i++;
                    continue;
                }
                if (c == '\n')
                    lines++;
                field.Append(c);
                i++;
                continue;
            }
            if (c == '"' && field.ToString().Trim().Length == 0 && !wasQuoted)
            {
                field.Clear();
                quoted = true;
                wasQuoted = true;
                i++;
                continue;
            }
            if (c == delimiter)
            {
                cells.Add(Finish(field, wasQuoted));
                wasQuoted = false;
                i++;
                continue;
            }
            if (c is '\r' or '\n')
            {
                var end = c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? i + 2 : i + 1;
                cells.Add(Finish(field, wasQuoted));
                return (cells, end, lines, null);
            }
            if (wasQuoted)
            {
                if (!char.IsWhiteSpace(c))
                    return (cells, i, lines, "Text follows a closing quote.");
                i++;
                continue;
            }
            field.Append(c);
            i++;
        }
        if (quoted)
            return (cells, i, lines, "A quoted field is never closed.");
        cells.Add(Finish(field, wasQuoted));
        return (cells, i, lines, null);
    }

    private static string Finish(System.Text.StringBuilder field, bool quoted)
    {
        var value = quoted ? field.ToString() : field.ToString().Trim();
        field.Clear();
        return value;
    }
}
