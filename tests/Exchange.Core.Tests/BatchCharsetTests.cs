using System.Text.Json;
using Exchange.Core.Batches;

namespace Exchange.Core.Tests;

public sealed class BatchCharsetTests
{
    [Fact]
    public void One_undecodable_line_of_a_GBK_NDJSON_batch_keeps_its_bytes_and_the_others_are_transcoded()
    {
        var bytes = new List<byte>();
        for (var i = 1; i <= 4; i++)
        {
            bytes.AddRange(i == 3 ? GbkBatches.Undecodable(i) : GbkBatches.Gbk.GetBytes(GbkBatches.Graduate(i)));
            bytes.Add((byte)'\n');
        }

        var split = BatchCharset.Cut(bytes.ToArray(), "GBK");

        Assert.Null(split.BatchProblem);
        Assert.Equal([1, 2, 3, 4], split.Records.Select(r => r.Line));
        Assert.Equal([0, 1, 3], split.Records.Where(r => System.Text.Unicode.Utf8.IsValid(r.Utf8.Span)).Select(r => r.Index));
        Assert.Equal("张晓雯", JsonDocument.Parse(split.Records[3].Utf8).RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public void A_GBK_NDJSON_batch_that_decodes_is_cut_line_by_line_into_UTF8()
    {
        var text = GbkBatches.Graduate(1) + "\r\n\r\n" + GbkBatches.Graduate(2) + "\n";

        var split = BatchCharset.Cut(GbkBatches.Gbk.GetBytes(text), "GB18030");

        Assert.Equal([1, 3], split.Records.Select(r => r.Line));
        Assert.All(split.Records, r => Assert.True(System.Text.Unicode.Utf8.IsValid(r.Utf8.Span)));
        Assert.Equal(0, split.UnreadableRecords);
    }
}
