using System.Runtime.CompilerServices;
using System.Text;
using Exchange.Core.Json;

namespace Exchange.Core.Batches;

/// <summary>
/// Cuts an NDJSON file into records as it is read, a chunk of records at a time, so that a file of
/// any size is read in the memory of one chunk. It gives exactly the records, indexes, line numbers
/// and bytes that <see cref="BatchCharset.Cut"/> gives for the whole file, and it takes on only the
/// files for which that holds without seeing the whole: those whose first record is one
/// well-formed JSON object on its first line. Anything else — a JSON array, a record pretty-printed
/// over several lines, an empty or UTF-16 file, an unknown charset — <see cref="OpenAsync"/> leaves
/// to the whole-file cut, which answers it as the push API does. One departure: a line longer than
/// <see cref="MaxLineBytes"/> is not held; it is answered as too large by its length alone
/// (<see cref="RawRecord.OversizeLength"/>) and not counted among the unreadable records, where the
/// whole-file cut holds it to answer the same problem.
/// </summary>
public sealed class NdjsonStream
{
    private const int ReadSize = 64 * 1024;

    /// <summary>
    /// The longest line held: four times the largest record, so that a record within its size is
    /// held whatever whitespace surrounds it, and a longer line costs a read, not memory.
    /// </summary>
    public const int MaxLineBytes = 4 * RecordJson.MaxRecordBytes;

    private readonly Stream _stream;
    private readonly Encoding? _encoding;
    private byte[] _buffer = new byte[ReadSize];
    private int _start;
    private int _end;
    private bool _ended;
    private int _line;
    private int _index;
    private RawRecord? _first;

    private NdjsonStream(Stream stream, Encoding? encoding)
    {
        _stream = stream;
        _encoding = encoding;
    }

    /// <summary>How many of the records read so far are not well-formed JSON (each is still answered on its own).</summary>
    public int UnreadableRecords { get; private set; }

    /// <summary>How far into the stream reading has come, in bytes.</summary>
    public long BytesRead { get; private set; }

    /// <summary>
    /// Starts reading <paramref name="stream"/> (from its start) as NDJSON in
    /// <paramref name="charset"/> (UTF-8 when none), or answers null when the file must be cut
    /// whole to be answered as a push of the same bytes is; the stream is then back at its start.
    /// </summary>
    public static async Task<NdjsonStream?> OpenAsync(Stream stream, string? charset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Encoding? encoding = null;
        if (!BatchCharset.IsUtf8(charset) && (encoding = BatchCharset.EncodingFor(charset!)) is null)
            return Rewound(stream);

        var reader = new NdjsonStream(stream, encoding);
        await reader.FillAsync(3, cancellationToken);
        var head = reader._buffer.AsSpan(0, reader._end);
        if (head.StartsWith("\uFEFF"u8) && encoding is null)
            reader._start = 3;
        else if (head.Length >= 2 && head[0] is 0xFF or 0xFE or 0xEF)
            return Rewound(stream); // a byte order mark the whole-file cut answers for itself

        // The first record decides: one object on its line means every line is a record of its own.
        // A first line longer than any record says nothing of the kind, and is not read to its end.
        var first = await reader.NextAsync(measureOversize: false, cancellationToken);
        if (first is null || first.Utf8.Span[0] != (byte)'{' || !RecordSplitter.IsOneValue(first.Utf8.Span))
            return Rewound(stream);
        reader._first = first;
        return reader;
    }

    /// <summary>The records in chunks of at most <paramref name="size"/>, in order.</summary>
    public async IAsyncEnumerable<IReadOnlyList<RawRecord>> ReadChunksAsync(int size, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        var chunk = new List<RawRecord>(size);
        if (_first is not null)
            chunk.Add(_first);
        _first = null;
        while (await NextAsync(measureOversize: true, cancellationToken) is { } record)
        {
            chunk.Add(record);
            if (chunk.Count < size)
                continue;
            yield return chunk;
            chunk = new List<RawRecord>(size);
        }
        if (chunk.Count > 0)
            yield return chunk;
    }

    private static NdjsonStream? Rewound(Stream stream)
    {
        stream.Position = 0;
        return null;
    }

    // The next non-blank line as a record, trimmed and (in another charset) turned into UTF-8 when it
    // decodes; a line longer than any record as its length alone, or, unless measured, as no record at all.
    private async Task<RawRecord?> NextAsync(bool measureOversize, CancellationToken cancellationToken)
    {
        while (await NextLineAsync(cancellationToken) is { } line)
        {
            _line++;
            if (line.Oversize)
            {
                if (!measureOversize)
                    return null;
                if (await SkipLineAsync(cancellationToken) is not (> 0 and var length))
                    continue; // nothing but whitespace: a blank line
                return new RawRecord(_index++, _line, ReadOnlyMemory<byte>.Empty) { OversizeLength = length };
            }
            var text = RecordSplitter.Trim(line.Bytes);
            if (text.IsEmpty)
                continue;
            var bytes = _encoding is not null && BatchCharset.TryTranscode(text.Span, _encoding) is { } utf8 ? utf8 : text.ToArray();
            if (!RecordSplitter.IsOneValue(bytes))
                UnreadableRecords++;
            return new RawRecord(_index++, _line, bytes);
        }
        return null;
    }

    // A line without its newline, valid only until the next read; or, once more than MaxLineBytes of
    // a line are buffered without its end, Oversize, the line's start still unread.
    private readonly record struct Line(ReadOnlyMemory<byte> Bytes, bool Oversize = false);

    private async Task<Line?> NextLineAsync(CancellationToken cancellationToken)
    {
        var searched = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + searched, _end - _start - searched).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = _buffer.AsMemory(_start, searched + newline);
                _start += searched + newline + 1;
                return new Line(line);
            }
            searched = _end - _start;
            if (_ended)
            {
                if (_start == _end)
                    return null;
                var last = _buffer.AsMemory(_start, _end - _start);
                _start = _end;
                return new Line(last);
            }
            if (searched > MaxLineBytes)
                return new Line(default, Oversize: true);
            await FillAsync(_end - _start + ReadSize, cancellationToken);
        }
    }

    // Reads past the line whose start is unread, a buffer at a time, and answers its length without
    // the whitespace around it (0 for a line of whitespace only).
    private async Task<long> SkipLineAsync(CancellationToken cancellationToken)
    {
        long length = 0;
        long first = -1;
        long last = -1;
        while (true)
        {
            var unread = _buffer.AsSpan(_start, _end - _start);
            var newline = unread.IndexOf((byte)'\n');
            var part = newline >= 0 ? unread[..newline] : unread;
            if (first < 0 && part.IndexOfAnyExcept(RecordSplitter.JsonWhitespace) is >= 0 and var firstHere)
                first = length + firstHere;
            if (part.LastIndexOfAnyExcept(RecordSplitter.JsonWhitespace) is >= 0 and var lastHere)
                last = length + lastHere;
            length += part.Length;
            if (newline >= 0)
            {
                _start += newline + 1;
                break;
            }
            _start = _end;
            if (_ended)
                break;
            await FillAsync(ReadSize, cancellationToken);
        }
        return first < 0 ? 0 : last - first + 1;
    }

    // Reads until at least `wanted` unread bytes are buffered or the stream ends; a line longer than the buffer grows it, up to about MaxLineBytes.
    private async Task FillAsync(int wanted, CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_buffer.Length < wanted)
            Array.Resize(ref _buffer, Math.Max(wanted, _buffer.Length * 2));
        while (!_ended && _end < wanted)
        {
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
                _ended = true;
            _end += read;
            BytesRead += read;
        }
    }
}
