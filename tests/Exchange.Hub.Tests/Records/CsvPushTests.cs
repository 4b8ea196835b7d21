using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Exchange.Core.Model;
using Exchange.Hub.Tests.Security;
using Exchange.Hub.Tests.Support;
using Exchange.Log;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Hub.Tests.Records;

[Collection(PostgresCollection.Name)]
public sealed class CsvPushTests(PostgresFixture postgres)
{
    static CsvPushTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>A GBK student-system export with pinyin headers and no cohort column, kept with the adapter payloads.</summary>
    private static string ExportFixture => Path.Combine(FindRoot(), "tests", "Exchange.Adapters.Tests", "Payloads", "sis-graduates-2026.gbk.csv");

    private static ByteArrayContent Csv(byte[] bytes, string? charset = null) =>
        new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = charset } } };

    [Fact]
    public async Task A_GBK_export_without_a_cohort_column_is_accepted_row_by_row_with_the_cohort_derived_and_its_unknown_columns_named()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);

        var response = await university.PostAsync("/v1/records/graduate", Csv(await File.ReadAllBytesAsync(ExportFixture), "GBK"));
        var text = await response.Content.ReadAsStringAsync();
        var answer = JsonNode.Parse(text)!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((int)answer["accepted"]! == 6, text);
        Assert.Equal(1, (int)answer["rejected"]!);
        Assert.Equal("resident-id.check-character", (string)answer["records"]![6]!["problem"]!["problems"]![0]!["code"]!);
        var warnings = answer["warnings"]!.AsArray();
        Assert.Equal(["csv.unknown-header"], warnings.Select(w => (string)w!["code"]!).Distinct());
        Assert.Equal(["mzm", "zzmmm", "xldm"], warnings.Select(w => (string)w!["column"]!));
        Assert.Contains("列“xldm”不在映射配置中", (string)warnings[2]!["messageZh"]!, StringComparison.Ordinal);

        var log = hub.Services.GetRequiredService<IEventLog>();
        Assert.Equal(6, await log.CountMessagesAsync(Topics.For(RecordKind.Graduate), TestTimeout.Token()));
    }

    [Fact]
    public async Task A_CSV_without_a_header_row_does_not_echo_the_resident_id_its_first_row_puts_in_a_warning()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);
        var residentId = ResidentIds.Make(7);
        var rows = $"2201210101,王雨桐,{residentId}\r\n2201210102,李浩然,{ResidentIds.Make(9)}\r\n";

        var response = await university.PostAsync("/v1/records/graduate?profile=graduate", Csv(Encoding.UTF8.GetBytes(rows)));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, JsonNode.Parse(text)!["warnings"]!.AsArray().Count);
        Assert.DoesNotContain(residentId, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_JSON_push_answers_with_no_warnings()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);

        var response = await university.PostAsync("/v1/records/graduate",
            new StringContent("[" + Samples.GraduateFor(TestClients.UniversityA).ToJsonString() + "]", Encoding.UTF8, "application/json"));

        Assert.Empty(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["warnings"]!.AsArray());
    }

    [Fact]
    public async Task Unknown_profile_was_refused_without_a_problem_code_or_a_Chinese_message()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);

        var response = await university.PostAsync("/v1/records/graduate?profile=no-such-profile",
            Csv(Encoding.UTF8.GetBytes("xh,xm\r\n2201210101,王雨桐\r\n")));
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = Assert.Single(answer["problems"]!.AsArray())!;
        Assert.EndsWith((string)problem["code"]!, (string)answer["type"]!, StringComparison.Ordinal);
        Assert.Contains("no-such-profile", (string)problem["message"]!, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["messageZh"]));
    }

    [Fact]
    public async Task A_push_whose_profile_was_misspelt_stored_its_rows_under_the_default_mapping()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);

        var response = await university.PostAsync("/v1/records/graduate?profil=graduate",
            Csv(Encoding.UTF8.GetBytes("xh,xm\r\n2201210101,王雨桐\r\n")));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        var problem = Assert.Single(JsonNode.Parse(text)!["problems"]!.AsArray())!;
        Assert.Equal(("records.unknown-parameter", "profil"), ((string?)problem["code"], (string?)problem["parameter"]));
        Assert.Contains("profile", (string?)problem["message"], StringComparison.Ordinal);
        var log = hub.Services.GetRequiredService<IEventLog>();
        Assert.Equal(0, await log.CountMessagesAsync(Topics.DeadLetter, TestTimeout.Token()));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Exchange.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Exchange.sln not found above " + AppContext.BaseDirectory);
    }
}
