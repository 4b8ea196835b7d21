using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Exchange.Hub.Tests.Support;
using Exchange.Log;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Hub.Tests.Records;

[Collection(PostgresCollection.Name)]
public sealed class RecordsApiTests(PostgresFixture postgres)
{
    private static StringContent Json(params JsonObject[] records) =>
        new("[" + string.Join(",", records.Select(r => r.ToJsonString())) + "]", Encoding.UTF8, "application/json");

    private static Task<long> CountAsync(HubHost hub, string topic) =>
        hub.Services.GetRequiredService<IEventLog>().CountMessagesAsync(topic, TestTimeout.Token());

    [Fact]
    public async Task Every_record_gets_its_outcome_and_one_bad_record_never_rejects_the_others()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);
        var good = Samples.GraduateFor(TestClients.UniversityA);
        var bad = Samples.GraduateFor(TestClients.UniversityA);
        bad["residentId"] = "410102200304120223"; // wrong check character

        var response = await university.PostAsync("/v1/records/graduate", Json(good, bad));
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (int)answer!["accepted"]!);
        Assert.Equal(1, (int)answer["rejected"]!);
        var rejected = answer["records"]!.AsArray()[1]!;
        Assert.Equal("rejected", (string)rejected["status"]!);
        Assert.Equal(422, (int)rejected["problem"]!["status"]!);
        Assert.Equal("resident-id.check-character", (string)rejected["problem"]!["problems"]![0]!["code"]!);
        Assert.Equal(1, await CountAsync(hub, Topics.For(Exchange.Core.Model.RecordKind.Graduate)));
        Assert.Equal(1, await CountAsync(hub, Topics.DeadLetter));
    }

    [Fact]
    public async Task Re_sending_the_same_record_is_a_duplicate_not_a_second_record()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);
        var record = Samples.GraduateFor(TestClients.UniversityA);

        await university.PostAsync("/v1/records/graduate", Json(record));
        var again = await (await university.PostAsync("/v1/records/graduate", Json(record))).Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal("duplicate", (string)again!["records"]![0]!["status"]!);
        Assert.Equal(1, await CountAsync(hub, Topics.For(Exchange.Core.Model.RecordKind.Graduate)));
    }

    [Fact]
    public async Task Idempotency_key_makes_a_retried_request_return_the_first_answer()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);
        var body = "[" + Samples.GraduateFor(TestClients.UniversityA).ToJsonString() + "]";

        async Task<string> PushAsync(string content)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/records/graduate") { Content = new StringContent(content, Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", "batch-2026-06-30-001");
            var response = await university.SendAsync(request);
            return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        }

        var first = await PushAsync(body);
        var retry = await PushAsync(body);
        var reused = await PushAsync("[" + Samples.GraduateFor(TestClients.UniversityA).ToJsonString() + "]");

        Assert.Equal(first, retry);
        Assert.Contains("\"accepted\"", first, StringComparison.Ordinal);
        Assert.StartsWith("422", reused, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, 8)]
    [InlineData(1, 20_000)]
    public async Task An_Idempotency_Key_sent_twice_or_of_any_length_was_taken_as_given_and_the_records_stored(
        int headers, int length)
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/records/graduate")
        {
            Content = new StringContent("[" + Samples.GraduateFor(TestClients.UniversityA).ToJsonString() + "]", Encoding.UTF8, "application/json"),
        };
        for (var i = 0; i < headers; i++)
            request.Headers.TryAddWithoutValidation("Idempotency-Key", new string((char)('a' + i), length));

        using var response = await university.SendAsync(request, TestTimeout.Token());

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {body}");
        Assert.EndsWith("/idempotency-key-invalid", (string?)JsonNode.Parse(body)!["type"], StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(hub, Topics.For(Exchange.Core.Model.RecordKind.Graduate)));
    }

    [Fact]
    public async Task NDJSON_is_accepted_line_by_line()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);
        var lines = string.Join("\n", Samples.GraduateFor(TestClients.UniversityA).ToJsonString(), "not json", Samples.GraduateFor(TestClients.UniversityA).ToJsonString());

        var answer = await (await university.PostAsync("/v1/records/graduate", new StringContent(lines, Encoding.UTF8, "application/x-ndjson")))
            .Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(2, (int)answer!["accepted"]!);
        Assert.Equal("input.not-json", (string)answer["records"]![1]!["problem"]!["problems"]![0]!["code"]!);
    }

    [Fact]
    public async Task GBK_CSV_with_pinyin_headers_is_mapped_and_accepted()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var g = Samples.Valid("graduate");
        var csv = "xxdm,xh,sfzjh,xm,xbm,csrq,syd,xlcc,zyh,zymc,rxrq,byrq,jb\r\n" +
            $"{g["institutionCode"]},{g["studentId"]},{g["residentId"]},{g["name"]},{g["sex"]},{g["birthDate"]},{g["originRegion"]},{g["educationLevel"]},{g["majorCode"]},{g["majorName"]},{g["enrolmentDate"]},{g["graduationDate"]},{g["cohort"]}\r\n";
        var content = new ByteArrayContent(Encoding.GetEncoding("GBK").GetBytes(csv));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv") { CharSet = "GBK" };

        var response = await university.PostAsync("/v1/records/graduate", content);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((int)JsonNode.Parse(text)!["accepted"]! == 1, text);
    }

    [Fact]
    public async Task Another_institutions_record_is_rejected_on_its_own()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityB);
        var own = Samples.GraduateFor(TestClients.UniversityB);
        var other = Samples.GraduateFor(TestClients.UniversityA);

        var answer = await (await university.PostAsync("/v1/records/graduate", Json(own, other))).Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal("accepted", (string)answer!["records"]![0]!["status"]!);
        Assert.Equal("access.not-own-record", (string)answer["records"]![1]!["problem"]!["problems"]![0]!["code"]!);
    }

    [Fact]
    public async Task Unknown_kind_wrong_media_type_missing_scope_and_oversized_body_each_get_problem_details()
    {
        await using var hub = await HubHost.StartAsync(postgres, new Dictionary<string, string?> { ["Exchange:Ingest:MaxBodyBytes"] = "4096" });
        using var university = hub.ClientFor(TestClients.UniversityA);
        var one = Json(Samples.GraduateFor(TestClients.UniversityA));

        var unknown = await university.PostAsync("/v1/records/student", one);
        var wrongType = await university.PostAsync("/v1/records/graduate", new StringContent("<xml/>", Encoding.UTF8, "application/xml"));
        var noScope = await university.PostAsync("/v1/records/certification", Json(Samples.Valid("certification")));
        var tooLarge = await university.PostAsync("/v1/records/graduate", new StringContent("[" + new string(' ', 8192) + "]", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, noScope.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        foreach (var response in new[] { unknown, wrongType, noScope, tooLarge })
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
