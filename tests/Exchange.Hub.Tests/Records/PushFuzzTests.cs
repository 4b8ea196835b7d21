using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;
using Xunit.Abstractions;

namespace Exchange.Hub.Tests.Records;

/// <summary>
/// Valid batches mutated the ways broken exports and hostile sources mutate them — bytes flipped,
/// structural characters inserted, bodies truncated, a record re-encoded, nesting inflated — are
/// pushed to a real hub. No answer is a 500, and every record the mutation did not touch is kept.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PushFuzzTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Rounds = 150;
    private const int RecordsPerBatch = 20;

    static PushFuzzTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private enum Mutation
    {
        FlipByte,
        InsertStructural,
        Truncate,
        RecordAsGbk,
        RecordAsUtf16,
        BodyAsGbk,
        InflateNesting,
    }

    /// <summary>A batch's bytes and where each record lies in them.</summary>
    private sealed record Body(byte[] Bytes, List<(string RecordId, int Start, int End)> Records);

    [Fact]
    public async Task Mutated_batches_are_never_answered_500_and_lose_no_untouched_record()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);
        var random = new Random(20261202);
        var failures = new List<string>();

        for (var round = 0; round < Rounds; round++)
        {
            var body = MakeBody();
            var mutation = (Mutation)(round % Enum.GetValues<Mutation>().Length);
            var target = random.Next(RecordsPerBatch);
            var (bytes, untouched) = Mutate(body, mutation, target, random);

            using var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await university.PostAsync("/v1/records/graduate", content, TestTimeout.Token());
            var text = await response.Content.ReadAsStringAsync(TestTimeout.Token());
            var @case = $"round {round}, {mutation} on record {target}";

            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{@case}: {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
                continue;
            }
            var kept = response.StatusCode == HttpStatusCode.OK
                ? JsonNode.Parse(text)!["records"]!.AsArray()
                    .Where(r => (string)r!["status"]! is "accepted" or "duplicate")
                    .Select(r => (string?)r!["recordId"]).ToHashSet()
                : [];
            var lost = untouched.Where(id => !kept.Contains(id)).ToList();
            if (lost.Count > 0)
                failures.Add($"{@case}: {(int)response.StatusCode}, lost {lost.Count} untouched record(s) ({string.Join(", ", lost.Take(3))})");
        }

        foreach (var failure in failures)
            output.WriteLine(failure);
        Assert.Empty(failures);
    }

    private static Body MakeBody()
    {
        var text = new StringBuilder("[\n");
        var records = new List<(string, int, int)>();
        var options = new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        for (var i = 0; i < RecordsPerBatch; i++)
        {
            var graduate = Samples.GraduateFor(TestClients.UniversityA);
            if (i > 0)
                text.Append(",\n");
            var start = Encoding.UTF8.GetByteCount(text.ToString());
            text.Append(graduate.ToJsonString(options));
            records.Add(((string)graduate["recordId"]!, start, Encoding.UTF8.GetByteCount(text.ToString())));
        }
        text.Append("\n]");
        return new Body(Encoding.UTF8.GetBytes(text.ToString()), records);
    }

    private static (byte[] Bytes, IReadOnlyList<string> Untouched) Mutate(Body body, Mutation mutation, int target, Random random)
    {
        var (id, start, end) = body.Records[target];
        var others = body.Records.Where(r => r.RecordId != id).Select(r => r.RecordId).ToList();
        var bytes = body.Bytes.ToList();
        switch (mutation)
        {
            case Mutation.FlipByte:
                bytes[random.Next(start, end)] = (byte)random.Next(256);
                return ([.. bytes], others);
            case Mutation.InsertStructural:
                bytes.Insert(random.Next(start, end), "\"{}[],\\:"u8[random.Next(8)]);
                return ([.. bytes], others);
            case Mutation.Truncate:
                var cut = random.Next(start, end);
                return ([.. bytes.Take(cut)], body.Records.Where(r => r.End < cut).Select(r => r.RecordId).ToList());
            case Mutation.RecordAsGbk or Mutation.RecordAsUtf16:
                var encoding = mutation == Mutation.RecordAsGbk ? Encoding.GetEncoding("GBK") : Encoding.Unicode;
                var record = encoding.GetBytes(Encoding.UTF8.GetString(body.Bytes, start, end - start));
                return ([.. bytes.Take(start), .. record, .. bytes.Skip(end)], others);
            case Mutation.BodyAsGbk:
                return (Encoding.GetEncoding("GBK").GetBytes(Encoding.UTF8.GetString(body.Bytes)), []);
            default:
                var depth = random.Next(20, 200_000);
                var nested = Encoding.UTF8.GetBytes("\"nested\":" + new string('[', depth) + new string(']', depth) + ",");
                return ([.. bytes.Take(start + 1), .. nested, .. bytes.Skip(start + 1)], others);
        }
    }
}
