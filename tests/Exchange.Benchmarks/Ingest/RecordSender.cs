using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Exchange.Benchmarks.Ingest;

/// <summary>
/// Posts the request bodies to <c>POST /v1/records/graduate</c> as NDJSON from a few concurrent
/// senders, and checks that every record of every answer was accepted.
/// </summary>
internal static class RecordSender
{
    private static readonly MediaTypeHeaderValue s_ndjson = new("application/x-ndjson");

    /// <summary>Sends everything; the time runs from the first request sent to the last answer received.</summary>
    public static async Task<TimeSpan> SendAllAsync(Uri hub, string token, IReadOnlyList<RecordBatch> batches, int senders, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = senders })
        {
            BaseAddress = hub,
            Timeout = TimeSpan.FromMinutes(10),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < batches.Count)
                await SendAsync(http, batches[index], index, cancellationToken);
        }, cancellationToken)));
        return clock.Elapsed;
    }

    private static async Task SendAsync(HttpClient http, RecordBatch batch, int index, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(batch.Body);
        content.Headers.ContentType = s_ndjson;
        using var response = await http.PostAsync(new Uri("/v1/records/graduate", UriKind.Relative), content, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Request {index} was answered {(int)response.StatusCode}: {Truncate(System.Text.Encoding.UTF8.GetString(body))}");

        using var answer = JsonDocument.Parse(body);
        var root = answer.RootElement;
        var accepted = root.GetProperty("accepted").GetInt32();
        if (accepted != batch.Count || root.GetProperty("records").GetArrayLength() != batch.Count)
        {
            var problems = root.GetProperty("records").EnumerateArray()
                .Where(r => r.GetProperty("status").GetString() != "accepted")
                .Take(3)
                .Select(r => $"record {r.GetProperty("index").GetInt32()}: {r.GetProperty("status").GetString()} {Codes(r)}");
            throw new InvalidOperationException(
                $"Request {index}: {accepted} of {batch.Count} accepted, {root.GetProperty("duplicates").GetInt32()} duplicates, "
                + $"{root.GetProperty("rejected").GetInt32()} rejected; {string.Join("; ", problems)}");
        }
    }

    // Problem codes only: a rejected record's messages may quote its fields.
    private static string Codes(JsonElement record) =>
        record.TryGetProperty("problem", out var problem) && problem.ValueKind == JsonValueKind.Object
            ? string.Join(",", problem.GetProperty("problems").EnumerateArray().Select(p => $"{p.GetProperty("code").GetString()}@{p.GetProperty("pointer").GetString()}"))
            : "";

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + "…";
}
