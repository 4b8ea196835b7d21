using System.Globalization;
using System.Text.Json;
using Exchange.Core.Json;
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
    public sealed record Split(IReadOnlyList<RawRecord> Records, Problem? BatchProblem)
    {
        /// <summary>How many of the records are not well-formed JSON (each is still answered on its own).</summary>
        public int UnreadableRecords { get; init; }
    }

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
        var lines = new LineCursor(content);
        var records = new List<RawRecord>();
        var unreadable = 0;
        var position = open + 1;
        while (true)
        {
            var element = NextElement(span, position);
            var text = element.Start < 0 ? ReadOnlyMemory<byte>.Empty : Trim(content[element.Start..element.End]);
            var readable = element.Start < 0 || IsOneValue(text.Span);

            // A record that is not well-formed JSON may have thrown the scan off (an unclosed
            // string, a stray bracket): its end is trusted only when a record plausibly follows.
            if (!readable && !ContinuesPlausibly(span, element))
            {
                var resume = FindResume(span, element.Start + 1);
                unreadable++;
                if (resume < 0)
                {
                    records.Add(new RawRecord(records.Count, lines.LineAt(element.Start), Trim(content[element.Start..EndOfBrokenArray(span)])));
                    return new(records, BrokenToTheEnd(records.Count - 1, lines.LineAt(element.Start))) { UnreadableRecords = unreadable };
                }
                records.Add(new RawRecord(records.Count, lines.LineAt(element.Start), Trim(content[element.Start..PreviousNonWhitespace(span, resume)])));
                position = resume;
                continue;
            }
            if (!readable)
                unreadable++;

            switch (element.Terminator)
            {
                case Terminator.Comma:
                    records.Add(new RawRecord(records.Count, element.Start < 0 ? lines.LineAt(element.End) : lines.LineAt(element.Start), text));
                    position = element.End + 1;
                    continue;
                case Terminator.Close:
                    if (element.Start >= 0)
                        records.Add(new RawRecord(records.Count, lines.LineAt(element.Start), text));
                    if (FirstNonWhitespace(span, element.End + 1) < 0)
                        return new(records, null) { UnreadableRecords = unreadable };
                    // A ] with more after it: the array may have been closed by a broken record's bracket.
                    var resume = FindResume(span, element.End + 1);
                    if (resume < 0)
                        return new(records, new Problem("", ProblemCodes.InputNotJson, "There is text after the closing ] of the array.", "数组结束符 ] 之后还有多余内容。"))
                        {
                            UnreadableRecords = unreadable,
                        };
                    var strayStart = FirstNonWhitespace(span, element.End + 1);
                    var strayEnd = PreviousNonWhitespace(span, resume);
                    if (strayEnd > strayStart)
                    {
                        records.Add(new RawRecord(records.Count, lines.LineAt(strayStart), Trim(content[strayStart..strayEnd])));
                        unreadable++;
                    }
                    position = resume;
                    continue;
                default:
                    if (element.Start >= 0)
                        records.Add(new RawRecord(records.Count, lines.LineAt(element.Start), text));
                    return new(records, new Problem("", ProblemCodes.InputNotJson,
                        string.Create(CultureInfo.InvariantCulture, $"The JSON array is not closed; the last record (index {records.Count - 1}) may be cut short."),
                        string.Create(CultureInfo.InvariantCulture, $"JSON 数组未闭合，最后一条记录（序号 {records.Count - 1}）可能不完整。"))) { UnreadableRecords = unreadable };
            }
        }
    }

    private enum Terminator
    {
        Comma,
        Close,
        EndOfInput,
    }

    /// <summary>One element of an array as the bracket scan sees it: where it starts (−1 when empty) and what ends it.</summary>
    private readonly record struct Element(int Start, int End, Terminator Terminator);

    // Tracks only string state and bracket depth, so it is linear and cannot be made to recurse.
    private static Element NextElement(ReadOnlySpan<byte> span, int from)
    {
        var depth = 0;
        var inString = false;
        var escaped = false;
        var start = -1;
        for (var i = from; i < span.Length; i++)
        {
            var b = span[i];
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
                    break;
                case (byte)'{' or (byte)'[':
                    depth++;
                    break;
                case (byte)'}' or (byte)']' when depth > 0:
                    depth--;
                    continue;
                case (byte)']':
                    return new Element(start, i, Terminator.Close);
                case (byte)',' when depth == 0:
                    return new Element(start, i, Terminator.Comma);
                case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                    continue;
            }
            if (start < 0)
                start = i;
        }
        return new Element(start, span.Length, Terminator.EndOfInput);
    }

    private static bool ContinuesPlausibly(ReadOnlySpan<byte> span, Element element) => element.Terminator switch
    {
        Terminator.Close => FirstNonWhitespace(span, element.End + 1) < 0,
        Terminator.Comma => FirstNonWhitespace(span, element.End + 1) is var next && (next < 0 || span[next] == (byte)']' || StartsRecords(span, next)),
        _ => false,
    };

    /// <summary>
    /// Where reading can resume after a broken record: the first <c>{</c> from
    /// <paramref name="from"/> on that follows a comma and starts what reads as array elements.
    /// </summary>
    private static int FindResume(ReadOnlySpan<byte> span, int from)
    {
        for (var i = from; i < span.Length; i++)
        {
            var next = span[i..].IndexOf((byte)'{');
            if (next < 0)
                return -1;
            i += next;
            var before = PreviousNonWhitespace(span, i);
            if (before >= 0 && span[before] == (byte)',' && StartsRecords(span, i))
                return i;
        }
        return -1;
    }

    /// <summary>
    /// True when an object starts at <paramref name="at"/> and is followed the way an array
    /// element is: by the end of the array, or by a comma and another value. An object nested
    /// in a record ends with <c>}</c> after it, or a <c>]</c> with the record going on.
    /// </summary>
    private static bool StartsRecords(ReadOnlySpan<byte> span, int at)
    {
        if (span[at] != (byte)'{' || ValueEnd(span, at) is not (> 0 and var end))
            return false;
        var next = FirstNonWhitespace(span, end);
        if (next < 0)
            return true;
        if (span[next] == (byte)']')
            return FirstNonWhitespace(span, next + 1) < 0;
        if (span[next] != (byte)',')
            return false;
        var second = FirstNonWhitespace(span, next + 1);
        if (second < 0 || ValueEnd(span, second) is not (> 0 and var secondEnd))
            return true; // the next element may be broken too; that one is answered on its own
        var after = FirstNonWhitespace(span, secondEnd);
        return after < 0 || span[after] == (byte)','
            || (span[after] == (byte)']' && FirstNonWhitespace(span, after + 1) < 0);
    }

    /// <summary>The index just past the JSON value starting at <paramref name="at"/>, or −1 when none reads there within one record's size.</summary>
    private static int ValueEnd(ReadOnlySpan<byte> span, int at)
    {
        var window = span[at..Math.Min(span.Length, at + RecordJson.MaxRecordBytes)];
        var reader = new Utf8JsonReader(window, isFinalBlock: window.Length == span.Length - at, new JsonReaderState(ReaderOptions));
        try
        {
            return reader.Read() && reader.TrySkip() ? at + (int)reader.BytesConsumed : -1;
        }
        catch (JsonException)
        {
            return -1;
        }
    }

    /// <summary>True when the bytes are exactly one well-formed JSON value.</summary>
    internal static bool IsOneValue(ReadOnlySpan<byte> text)
    {
        var reader = new Utf8JsonReader(text, ReaderOptions);
        try
        {
            return reader.Read() && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // Deeper than any record may be, so that depth is the validator's finding, not a break in the batch.
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 4 * RecordJson.MaxDepth };

    private static int EndOfBrokenArray(ReadOnlySpan<byte> span)
    {
        var last = span.TrimEnd(JsonWhitespace).Length;
        return last > 0 && span[last - 1] == (byte)']' ? last - 1 : last;
    }

    private static Problem BrokenToTheEnd(int index, int line) => new("", ProblemCodes.InputNotJson,
        string.Create(CultureInfo.InvariantCulture, $"The JSON array is broken from record {index} (line {line}) on, and no later record could be found; the rest was read as that one record."),
        string.Create(CultureInfo.InvariantCulture, $"JSON 数组自第 {index} 条记录（第 {line} 行）起格式损坏，其后找不到可读的记录，余下内容按这一条记录处理。"));

    private static int PreviousNonWhitespace(ReadOnlySpan<byte> span, int before)
    {
        return span[..before].LastIndexOfAnyExcept(JsonWhitespace);
    }

    /// <summary>Line numbers of positions that only move forward, counted once.</summary>
    private sealed class LineCursor(ReadOnlyMemory<byte> content)
    {
        private int _position;
        private int _line = 1;

        public int LineAt(int position)
        {
            if (position < _position)
                (_position, _line) = (0, 1);
            _line += content.Span[_position..position].Count((byte)'\n');
            _position = position;
            return _line;
        }
    }

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

        // A single record pretty-printed over several lines is one record, not many broken ones;
        // a broken first line of true NDJSON must not swallow the lines after it.
        if (records.Count > 1 && !IsOneValue(records[0].Utf8.Span)
            && (IsOneValue(Trim(content).Span) || records.Skip(1).All(r => !IsOneValue(r.Utf8.Span))))
            return new([new RawRecord(0, records[0].Line, Trim(content))], null);
        return new(records, null) { UnreadableRecords = records.Count(r => !IsOneValue(r.Utf8.Span)) };
    }

    internal static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> bytes)
    {
        var span = bytes.Span;
        var from = span.IndexOfAnyExcept(JsonWhitespace);
        return from < 0 ? ReadOnlyMemory<byte>.Empty : bytes[from..(span.LastIndexOfAnyExcept(JsonWhitespace) + 1)];
    }

    private static int FirstNonWhitespace(ReadOnlySpan<byte> span, int from)
    {
        var at = span[from..].IndexOfAnyExcept(JsonWhitespace);
        return at < 0 ? -1 : from + at;
    }

    /// <summary>The bytes JSON allows between its tokens, and the only ones trimmed from a record.</summary>
    internal static ReadOnlySpan<byte> JsonWhitespace => " \t\r\n"u8;
}
