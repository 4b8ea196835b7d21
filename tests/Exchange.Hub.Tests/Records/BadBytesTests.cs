using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;

namespace Exchange.Hub.Tests.Records;

/// <summary>
/// Bytes a careless or hostile source sends: whatever they are, the push API answers without a
/// 500, keeps every good record, and gives every bad one its own problem.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BadBytesTests(PostgresFixture postgres)
{
    static BadBytesTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static byte[] Batch(IEnumerable<JsonObject> records) =>
        Encoding.UTF8.GetBytes("[\n" + string.Join(",\n", records.Select(r => r.ToJsonString(new System.Text.Json.JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))) + "\n]");

    private static List<JsonObject> Graduates(int count) =>
        Enumerable.Range(0, count).Select(_ => Samples.GraduateFor(TestClients.UniversityA)).ToList();

    private static ByteArrayContent Content(byte[] body, string mediaType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(mediaType);
        return content;
    }

    [Fact]
    public async Task Invalid_UTF8_in_one_record_of_a_thousand_was_answered_500_and_lost_the_other_999()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);
        var graduates = Graduates(1000);
        graduates[499]["name"] = "NAME-TO-BREAK";
        var body = Batch(graduates);
        var at = body.AsSpan().IndexOf("NAME-TO-BREAK"u8);
        body[at] = 0xC3; // a lead byte followed by ASCII: not UTF-8
        body[at + 1] = 0x28;

        using var response = await university.PostAsync("/v1/records/graduate", Content(body, "application/json"), TestTimeout.Token());
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>(TestTimeout.Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var notAccepted = answer!["records"]!.AsArray()
            .Where(r => (string)r!["status"]! != "accepted")
            .Select(r => $"{(int)r!["index"]!} {(string)r["status"]!} {(string?)r["problem"]?["problems"]?[0]?["code"]}");
        Assert.Equal(["499 rejected input.encoding"], notAccepted);
        Assert.Equal((999, 1), ((int)answer["accepted"]!, (int)answer["rejected"]!));
    }

    [Fact]
    public async Task Syntax_error_in_one_record_of_an_array_was_not_reported_in_the_answer()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);
        var graduates = Graduates(1000);
        graduates[499]["name"] = "NAME-TO-BREAK";
        var body = Batch(graduates);
        var at = body.AsSpan().IndexOf("\"NAME-TO-BREAK\""u8);
        body[at - 1] = (byte)' '; // "name" "NAME-TO-BREAK": the colon is gone

        using var response = await university.PostAsync("/v1/records/graduate", Content(body, "application/json"), TestTimeout.Token());
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>(TestTimeout.Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((999, 1), ((int)answer!["accepted"]!, (int)answer["rejected"]!));
        Assert.Equal("input.not-json", (string)answer["records"]![499]!["problem"]!["problems"]![0]!["code"]!);
        var warning = Assert.Single(answer["warnings"]!.AsArray());
        Assert.Equal("input.unreadable-records", (string)warning!["code"]!);
        Assert.Equal(1, (int)warning["count"]!);
        Assert.NotEmpty((string)warning["messageZh"]!);
    }

    [Fact]
    public async Task Array_without_its_closing_bracket_was_accepted_without_a_word()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);
        var body = Batch(Graduates(3));
        body = body[..Array.LastIndexOf(body, (byte)']')];

        using var response = await university.PostAsync("/v1/records/graduate", Content(body, "application/json"), TestTimeout.Token());
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>(TestTimeout.Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, (int)answer!["accepted"]!);
        var warning = Assert.Single(answer["warnings"]!.AsArray());
        Assert.Equal("input.not-json", (string)warning!["code"]!);
    }

    [Fact]
    public async Task GBK_bytes_sent_as_UTF8_JSON_were_answered_500()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);
        var gbk = Encoding.GetEncoding("GBK").GetBytes(Encoding.UTF8.GetString(Batch(Graduates(3))));

        using var undeclared = await university.PostAsync("/v1/records/graduate", Content(gbk, "application/json"), TestTimeout.Token());
        var answer = await undeclared.Content.ReadFromJsonAsync<JsonObject>(TestTimeout.Token());

        Assert.Equal(HttpStatusCode.OK, undeclared.StatusCode);
        Assert.Equal(3, (int)answer!["rejected"]!);
        Assert.All(answer["records"]!.AsArray(), r => Assert.Equal("input.encoding", (string)r!["problem"]!["problems"]![0]!["code"]!));
        Assert.Contains("GBK", (string)answer["records"]![0]!["problem"]!["problems"]![0]!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GBK_JSON_declared_with_its_charset_is_read()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);
        var gbk = Encoding.GetEncoding("GBK").GetBytes(Encoding.UTF8.GetString(Batch(Graduates(3))));

        using var declared = await university.PostAsync("/v1/records/graduate", Content(gbk, "application/json; charset=GBK"), TestTimeout.Token());
        var answer = await declared.Content.ReadFromJsonAsync<JsonObject>(TestTimeout.Token());

        Assert.Equal(HttpStatusCode.OK, declared.StatusCode);
        Assert.Equal(3, (int)answer!["accepted"]!);
    }

    [Fact]
    public async Task Body_of_40_MiB_under_the_64_MiB_limit_was_answered_500_by_the_servers_own_lower_limit()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);
        var record = Batch(Graduates(1));
        var body = new byte[40 * 1024 * 1024];
        body.AsSpan().Fill((byte)' ');
        record.AsSpan(0, record.Length - 1).CopyTo(body);
        body[^1] = (byte)']';

        using var response = await university.PostAsync("/v1/records/graduate", Content(body, "application/json"), TestTimeout.Token());
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>(TestTimeout.Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (int)answer!["accepted"]!);
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_was_answered_500_not_413()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);
        using var content = new StreamContent(new MemoryStream(new byte[65 * 1024 * 1024]));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/records/graduate") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await university.SendAsync(request, TestTimeout.Token());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unsupported_media_type_answer_had_no_detail()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);

        using var response = await university.PostAsync("/v1/records/graduate", new StringContent("<xml/>", Encoding.UTF8, "application/xml"), TestTimeout.Token());
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(TestTimeout.Token());

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("text/csv", (string?)problem!["detail"] ?? "", StringComparison.Ordinal);
        Assert.EndsWith("unsupported-media-type", (string)problem["type"]!, StringComparison.Ordinal);
    }
}
