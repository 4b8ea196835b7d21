using System.Globalization;
using Exchange.Core.Validation;

namespace Exchange.Core.Batches;

/// <summary>
/// Cuts a batch — a JSON array of records or NDJSON, one record per line — into records
/// without parsing them, so that one malformed, oversized or deeply nested record is answered
/// on its own while every other record still gets through. The scan tracks only string state
/// and bracket depth, so it is linear in the input and cannot be made to recurse.
/// </summary>
public static class RecordSplitter
{
    /// <summary>The batch cut into records, and a problem with the batch as a whole, if any.</summary>
    public sealed record Split(IReadOnlyList<RawRecord> Records, Problem? BatchProblem);

    /// <summary>Cuts a batch.</summary>
    public static Split Cut(ReadOnlyMemory<byte> content)
    {
        var span = content.Span;
        if (span.Length >= 2 && ((span[0] == 0xFF && span[1] == 0xFE) || (span[0] == 0xFE && span[1] == 0xFF)))
            return new([], new Problem("", ProblemCodes.InputEncoding, "The batch is UTF-16; send UTF-8.", "批量数据为 UTF-16 编码，请使用 UTF-8。"));
        if (span.StartsWith("\uFEFF"u8))
            content = content[3..];

        var first = FirstNonWhitespace(content.Span, 0);
        if (first < 0)
            return new([], new Problem("", ProblemCodes.InputEmpty, "The batch is empty.", "批量数据为空。"));
        return content.Span[first] switch
        {
            (byte)'[' => CutArray(content, first),
            (byte)'{' => CutLines(content),
            _ => new([], new Problem("", ProblemCodes.InputNotJson,
                "The batch is neither a JSON array of records nor NDJSON (one JSON object per line).",
                "批量数据既不是 JSON 数组，也不是 NDJSON（每行一个 JSON 对象）。")),
        };
    }

    private static Split CutArray(ReadOnlyMemory<byte> content, int open)
    {
        var span = content.Span;
        var records = new List<RawRecord>();
        var line = 1 + CountNewlines(span[..open]);
        var depth = 0;
        var inString = false;
        var escaped = false;
        var start = -1;
        var startLine = line;

        for (var i = open + 1; i < span.Length; i++)
        {
            var b = span[i];
            if (b == (byte)'\n')
                line++;
            if (inString)
            {
                if (escaped)
                    escaped = false;
                else if (b == (byte)'\\')
                    escaped = true;
                else if (b == (byte)'"')
                    inString = false;
                continue;
            }
            switch (b)
            {
                case (byte)'"':
                    inString = true;
                    MarkStart(ref start, ref startLine, i, line);
                    break;
                case (byte)'{' or (byte)'[':
                    depth++;
                    MarkStart(ref start, ref startLine, i, line);
                    break;
                case (byte)'}' or (byte)']' when depth > 0:
                    depth--;
                    break;
                case (byte)']':
                    if (start >= 0)
                        records.Add(new RawRecord(records.Count, startLine, Trim(content[start..i])));
                    return FinishArray(records, span, i);
                case (byte)',' when depth == 0:
                    records.Add(new RawRecord(records.Count, startLine, start >= 0 ? Trim(content[start..i]) : ReadOnlyMemory<byte>.Empty));
                    start = -1;
                    break;
                case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                    break;
                default:
                    MarkStart(ref start, ref startLine, i, line);
                    break;
            }
        }

        if (start >= 0)
            records.Add(new RawRecord(records.Count, startLine, Trim(content[start..])));
        return new(records, new Problem("", ProblemCodes.InputNotJson,
            string.Create(CultureInfo.InvariantCulture, $"The JSON array is not closed; the last record (index {records.Count - 1}) may be cut short."),
            "JSON 数组未闭合，最后一条记录可能不完整。"));
    }

    private static Split FinishArray(List<RawRecord> records, ReadOnlySpan<byte> span, int close) =>
        FirstNonWhitespace(span, close + 1) < 0
            ? new(records, null)
            : new(records, new Problem("", ProblemCodes.InputNotJson, "There is text after the closing ] of the array.", "数组结束符 ] 之后还有多余内容。"));

    private static Split CutLines(ReadOnlyMemory<byte> content)
    {
        var records = new List<RawRecord>();
        var span = content.Span;
        var line = 0;
        var position = 0;
        while (position <= span.Length)
        {
            line++;
            var newline = span[position..].IndexOf((byte)'\n');
            var end = newline < 0 ? span.Length : position + newline;
            var text = Trim(content[position..end]);
            if (!text.IsEmpty)
                records.Add(new RawRecord(records.Count, line, text));
            if (newline < 0)
                break;
            position = end + 1;
        }

        // A single record pretty-printed over several lines is one record, not many broken ones.
        if (records.Count > 1 && !Balanced(records[0].Utf8.Span))
            return new([new RawRecord(0, records[0].Line, Trim(content))], null);
        return new(records, null);
    }

    private static bool Balanced(ReadOnlySpan<byte> text)
    {
        var depth = 0;
        var inString = false;
        var escaped = false;
        foreach (var b in text)
        {
            if (inString)
            {
                if (escaped) escaped = false;
                else if (b == (byte)'\\') escaped = true;
                else if (b == (byte)'"') inString = false;
            }
            else if (b == (byte)'"') inString = true;
            else if (b is (byte)'{' or (byte)'[') depth++;
            else if (b is (byte)'}' or (byte)']') depth--;
        }
        return depth == 0 && !inString;
    }

    private static void MarkStart(ref int start, ref int startLine, int i, int line)
    {
        if (start >= 0)
            return;
        start = i;
        startLine = line;
    }

    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> bytes)
    {
        var span = bytes.Span;
        var from = 0;
        var to = span.Length;
        while (from < to && IsWhitespace(span[from])) from++;
        while (to > from && IsWhitespace(span[to - 1])) to--;
        return bytes[from..to];
    }

    private static int FirstNonWhitespace(ReadOnlySpan<byte> span, int from)
    {
        for (var i = from; i < span.Length; i++)
            if (!IsWhitespace(span[i]))
                return i;
        return -1;
    }

    private static int CountNewlines(ReadOnlySpan<byte> span) => span.Count((byte)'\n');

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}
