using System.Text;
using Exchange.Core.Batches;
using static Exchange.Core.Tests.GbkBatches;

namespace Exchange.Core.Tests;

public sealed class NdjsonStreamTests
{
    private static readonly string LongRecord = $$"""{"recordId":"long","note":"{{new string('长', 50_000)}}"}""";

    public static TheoryData<string, byte[], string?> Streamed() => new()
    {
        { "plain lines, no newline at the end", Utf8(Graduate(1), "\n", Graduate(2)), null },
        { "CRLF, blank lines and indentation", Utf8("\r\n", Graduate(1), "\r\n\r\n   ", Graduate(2), "  \r\n\r\n"), null },
        { "a byte order mark", [0xEF, 0xBB, 0xBF, .. Utf8(Graduate(1), "\n", Graduate(2), "\n")], null },
        { "broken lines between good ones", Utf8(Graduate(1), "\n{\"recordId\": \"broken\"\n", Graduate(2), "\n[1,2\n\"text\"\n", Graduate(3)), null },
        { "a line longer than a read", Utf8(Graduate(1), "\n", LongRecord, "\n", Graduate(2), "\n"), null },
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

    private static byte[] Utf8(params string[] parts) => Encoding.UTF8.GetBytes(string.Concat(parts));

    // Answers every read with a few bytes, so that lines and byte order marks fall across reads.
    private sealed class TrickleStream(byte[] content) : MemoryStream(content)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 7)], cancellationToken);
    }
}
