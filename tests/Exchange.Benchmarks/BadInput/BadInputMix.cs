using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Exchange.Benchmarks.Ingest;

namespace Exchange.Benchmarks.BadInput;

/// <summary>One bad request of a round: its name, how to make its body, and the status the hub must answer.</summary>
internal sealed record BadRequest(string Name, Func<HttpContent> Content, HttpStatusCode Expected, long Bytes);

/// <summary>
/// The fixed mix of bad input sent every round, built once from 1,000 synthetic graduate records:
/// each body is wrong in one way, and all but the refused ones also carry good records, which the
/// hub accepts on the first round and answers as duplicates after that.
/// </summary>
internal static class BadInputMix
{
    public const int Records = 1_000;
    private const int LargeBodyBytes = 40 * 1024 * 1024;
    private const long OverLimitBytes = 65L * 1024 * 1024;
    private const int NestingDepth = 100_000;

    public static IReadOnlyList<BadRequest> Create()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var records = SyntheticGraduates.Create(Records);
        var valid = Array(records);

        var invalidUtf8 = records.Select(r => r.ToArray()).ToArray();
        BreakFirstNameByte(invalidUtf8[Records / 2]);

        var gbk = Encoding.GetEncoding("GBK").GetBytes(Encoding.UTF8.GetString(valid));

        var syntaxError = records.Select(r => r).ToArray();
        syntaxError[500] = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(records[500]).Replace("\"recordId\":", "\"recordId\" ", StringComparison.Ordinal));

        var large = records.Append(LargeRecord()).ToArray();

        var nested = records.ToArray();
        nested[250] = Encoding.ASCII.GetBytes(new string('[', NestingDepth) + new string(']', NestingDepth));

        var csv = BadCsv(records);

        return
        [
            Json("invalid UTF-8 in one record", Array(invalidUtf8), "utf-8"),
            Json("GBK labelled as UTF-8", gbk, "utf-8"),
            Json("syntax error in record 500", Array(syntaxError), null),
            Json("~40 MiB body, one oversized record", Array(large), null),
            new("65 MiB chunked, over the limit", () => new UnsizedContent(OverLimitBytes, "application/json"), HttpStatusCode.RequestEntityTooLarge, OverLimitBytes),
            new("unsupported media type", () => Bytes(valid, new MediaTypeHeaderValue("text/plain")), HttpStatusCode.UnsupportedMediaType, valid.Length),
            Json($"nesting {NestingDepth:N0} deep in one record", Array(nested), null),
            new("CSV with bad rows", () => Bytes(csv, new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" }), HttpStatusCode.OK, csv.Length),
        ];
    }

    private static BadRequest Json(string name, byte[] body, string? charset) =>
        new(name, () => Bytes(body, new MediaTypeHeaderValue("application/json") { CharSet = charset }), HttpStatusCode.OK, body.Length);

    private static ByteArrayContent Bytes(byte[] body, MediaTypeHeaderValue type)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = type;
        return content;
    }

    private static byte[] Array(IReadOnlyList<byte[]> records)
    {
        using var body = new MemoryStream();
        body.WriteByte((byte)'[');
        for (var i = 0; i < records.Count; i++)
        {
            if (i > 0)
                body.WriteByte((byte)',');
            body.Write(records[i]);
        }
        body.WriteByte((byte)']');
        return body.ToArray();
    }

    // A 0xFF never starts a UTF-8 sequence: the name no longer decodes.
    private static void BreakFirstNameByte(byte[] record)
    {
        var at = record.AsSpan().IndexOf("\"name\":\""u8);
        record[at + "\"name\":\"".Length] = 0xFF;
    }

    private static byte[] LargeRecord()
    {
        var padding = new string('x', LargeBodyBytes);
        return Encoding.UTF8.GetBytes($"{{\"recordId\":\"BENCH-LARGE\",\"note\":\"{padding}\"}}");
    }

    // The columns of the default graduate CSV profile. Every tenth row is changed: columns missing
    // or no such date (rejected), or sex code 9, "not stated" in GB/T 2261.1, which is taken.
    private static byte[] BadCsv(byte[][] records)
    {
        var csv = new StringBuilder("xxdm,xh,sfzjh,xm,xbm,csrq,syd,xlcc,zyh,zymc,rxrq,byrq,jb\r\n");
        for (var i = 0; i < records.Length; i++)
        {
            using var json = JsonDocument.Parse(records[i]);
            var g = json.RootElement;
            string Field(string name) => g.GetProperty(name).ValueKind == JsonValueKind.Number ? g.GetProperty(name).GetRawText() : g.GetProperty(name).GetString()!;
            string[] row =
            [
                Field("institutionCode"), Field("studentId"), Field("residentId"), Field("name"), Field("sex"), Field("birthDate"),
                Field("originRegion"), Field("educationLevel"), Field("majorCode"), Field("majorName"), Field("enrolmentDate"),
                Field("graduationDate"), Field("cohort"),
            ];
            switch (i % 30)
            {
                case 9: row = row[..7]; break; // columns missing
                case 19: row[5] = "2003-13-45"; break; // no such date
                case 29: row[4] = "9"; break; // not stated
            }
            csv.Append(string.Join(',', row)).Append("\r\n");
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}

/// <summary>A body of a given size sent without a Content-Length, so that it goes chunked.</summary>
internal sealed class UnsizedContent : HttpContent
{
    private readonly long _bytes;

    public UnsizedContent(long bytes, string mediaType)
    {
        _bytes = bytes;
        Headers.ContentType = new MediaTypeHeaderValue(mediaType);
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var chunk = new byte[1024 * 1024];
        chunk.AsSpan().Fill((byte)' ');
        chunk[0] = (byte)'[';
        for (long sent = 0; sent < _bytes; sent += chunk.Length)
        {
            await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, _bytes - sent)), cancellationToken);
            chunk[0] = (byte)' ';
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
