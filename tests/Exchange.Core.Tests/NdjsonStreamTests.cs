using System.Text;
using Exchange.Core.Batches;
using Exchange.Core.Validation;
using static Exchange.Core.Tests.GbkBatches;

namespace Exchange.Core.Tests;

public sealed class NdjsonStreamTests
{
    private static readonly string LongRecord = $$"""{"recordId":"long","note":"{{new string('长', 50_000)}}"}""";

    // Over the size a record may have (300,000 bytes), yet short enough that the whole-file cut's answer, by its length, is given from the line held.
    private static readonly string OversizeRecord = $$"""{"recordId":"oversize","note":"{{new string('长', 100_000)}}"}""";

    public static TheoryData<string, byte[], string?> Streamed() => new()
    {
        { "plain lines, no newline at the end", Utf8(Graduate(1), "\n", Graduate(2)), null },
        { "CRLF, blank lines and indentation", Utf8("\r\n", Graduate(1), "\r\n\r\n   ", Graduate(2), "  \r\n\r\n"), null },
        { "a byte order mark", [0xEF, 0xBB, 0xBF, .. Utf8(Graduate(1), "\n", Graduate(2), "\n")], null },
        { "broken lines between good ones", Utf8(Graduate(1), "\n{\"recordId\": \"broken\"\n", Graduate(2), "\n[1,2\n\"text\"\n", Graduate(3)), null },
        { "a line longer than a read", Utf8(Graduate(1), "\n", LongRecord, "\n", Graduate(2), "\n"), null },
        { "a record over the size limit", Utf8(Graduate(1), "\n", OversizeRecord, "\n", Graduate(2), "\n"), null },
        { "GBK that decodes", Gbk.GetBytes(Graduate(1) + "\n\n" + Graduate(2) + "\r\n"), "GBK" },
        { "GBK with a line that does not decode", [.. Gbk.GetBytes(Graduate(1) + "\n"), .. Undecodable(2), .. Gbk.GetBytes("\n" + Graduate(3))], "GB18030" },
    };

    public static TheoryData<string, byte[], string?> LeftWhole() => new()
    {
        { "a JSON array", Utf8("[", Graduate(1), ",\n", Graduate(2), "]"), null },
        { "one record pretty-printed", Utf8("{\n  \"recordId\": \"x\",\n  \"name\": \"张三\"\n}\n"), null },
        { "a broken first line", Utf8("{\"recordId\": \"broken\"\n", Graduate(1), "\n", Graduate(2)), null },
        { "nothing but blank lines", Utf8("\n \r\n\t\n"), null },
        { "an empty file", [], null },
        { "UTF-16", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Graduate(1))).ToArray(), null },
        { "an unknown charset", Utf8(Graduate(1)), "klingon" },
        { "CSV", Utf8("xh,xm\n1,张三\n"), null },
        { "a first line longer than any record", Utf8("{\"note\":\"", new string('x', 2 * 1024 * 1024), "\"}\n", Graduate(1)), null },
    };

    [Theory]
    [MemberData(nameof(Streamed))]
    public async Task An_NDJSON_file_read_as_a_stream_gives_the_records_of_the_whole_file_cut(string why, byte[] file, string? charset)
    {
        var whole = BatchCharset.Cut(file, charset);
        await using var stream = new TrickleStream(file);

        var reader = await NdjsonStream.OpenAsync(stream, charset, CancellationToken.None);
        Assert.True(reader is not null, why);
        var records = new List<RawRecord>();
        await foreach (var chunk in reader.ReadChunksAsync(2, CancellationToken.None))
        {
            Assert.InRange(chunk.Count, 1, 2);
            records.AddRange(chunk);
        }

        Assert.Null(whole.BatchProblem);
        Assert.Equal(whole.Records.Select(r => (r.Index, r.Line)), records.Select(r => (r.Index, r.Line)));
        Assert.All(whole.Records.Zip(records), pair => Assert.True(pair.First.Utf8.Span.SequenceEqual(pair.Second.Utf8.Span), $"{why}: record {pair.First.Index}"));
        Assert.Equal(whole.UnreadableRecords, reader.UnreadableRecords);
        Assert.Equal(file.Length, reader.BytesRead);
    }

    [Theory]
    [MemberData(nameof(LeftWhole))]
    public async Task A_file_the_stream_cannot_answer_as_the_whole_file_cut_is_left_to_it_at_its_start(string why, byte[] file, string? charset)
    {
        await using var stream = new TrickleStream(file);

        var reader = await NdjsonStream.OpenAsync(stream, charset, CancellationToken.None);

        Assert.True(reader is null, why);
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public async Task A_line_longer_than_any_record_is_answered_by_its_length_without_being_held()
    {
        // More bytes than any array holds: a reader that kept the line whole could not get past it.
        const long Filler = 3L * 1024 * 1024 * 1024;
        await using var stream = new FilledStream(Utf8(Graduate(1), "\n  {\"note\":\""), (byte)'x', Filler, Utf8("\"} \r\n", Graduate(2), "\n"));

        var reader = await NdjsonStream.OpenAsync(stream, null, CancellationToken.None);
        Assert.NotNull(reader);
        var records = new List<RawRecord>();
        await foreach (var chunk in reader.ReadChunksAsync(1_000, CancellationToken.None))
            records.AddRange(chunk);

        Assert.Equal([(0, 1), (1, 2), (2, 3)], records.Select(r => (r.Index, r.Line)));
        var oversize = records[1];
        Assert.True(oversize.Utf8.IsEmpty);
        Assert.Equal(Filler + "{\"note\":\"\"}".Length, oversize.OversizeLength);
        Assert.Equal(ProblemCodes.InputTooLarge, oversize.OversizeProblem?.Code);
        Assert.Contains($"{Filler + 11} bytes", oversize.OversizeProblem!.Message, StringComparison.Ordinal);
        Assert.True(records[2].Utf8.Span.SequenceEqual(Utf8(Graduate(2))));
        Assert.Equal(0, reader.UnreadableRecords);
        Assert.Equal(stream.Length, reader.BytesRead);
    }

    private static byte[] Utf8(params string[] parts) => Encoding.UTF8.GetBytes(string.Concat(parts));

    // A head, a byte repeated any number of times, and a tail, made as it is read.
    private sealed class FilledStream(byte[] head, byte fill, long count, byte[] tail) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => head.Length + count + tail.Length;
        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int length) => Read(buffer.AsSpan(offset, length));

        public override int Read(Span<byte> buffer)
        {
            var written = 0;
            while (written < buffer.Length && Position < Length)
            {
                var target = buffer[written..];
                int n;
                if (Position < head.Length)
                    head.AsSpan((int)Position)[..(n = Math.Min(target.Length, head.Length - (int)Position))].CopyTo(target);
                else if (Position < head.Length + count)
                    target[..(n = (int)Math.Min(target.Length, head.Length + count - Position))].Fill(fill);
                else
                    tail.AsSpan((int)(Position - head.Length - count))[..(n = Math.Min(target.Length, (int)(Length - Position)))].CopyTo(target);
                written += n;
                Position += n;
            }
            return written;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            _ => Length + offset,
        };

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    // Answers every read with a few bytes, so that lines and byte order marks fall across reads.
    private sealed class TrickleStream(byte[] content) : MemoryStream(content)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 7)], cancellationToken);
    }
}
