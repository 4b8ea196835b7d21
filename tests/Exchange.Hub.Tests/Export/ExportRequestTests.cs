using System.Net;
using System.Text.Json;
using Exchange.Hub.Tests.Security;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;
using static Exchange.Hub.Tests.Export.ExportHarness;

namespace Exchange.Hub.Tests.Export;

/// <summary>Kick-off requests the hub refuses, each with a problem that names the parameter or header at fault.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ExportRequestTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData("?purpose=matching&_type=graduate,patient", "_type", "export.unknown-type")]
    [InlineData("?purpose=matching&_type=consent", "_type", "export.unknown-type")]
    [InlineData("?purpose=matching&_since=2026-06-30", "_since", "export.invalid-since")]
    [InlineData("?purpose=matching&_since=yesterday", "_since", "export.invalid-since")]
    [InlineData("?purpose=matching&_since=2026-06-30T25:00:00Z", "_since", "export.invalid-since")]
    [InlineData("?purpose=matching&_typeFilter=graduate%3Fcohort%3D2026", "_typeFilter", "export.unsupported-parameter")]
    [InlineData("?purpose=matching&_outputFormat=text/csv", "_outputFormat", "export.unsupported-format")]
    [InlineData("?purpose=matching&_type=graduate&_type=vacancy", "_type", "export.invalid-parameter")]
    [InlineData("?_type=graduate", "purpose", "purpose-required")]
    [InlineData("?purpose=curiosity", "purpose", "purpose-required")]
    public async Task A_bad_kick_off_is_answered_400_naming_the_parameter(string query, string parameter, string code)
    {
        await using var harness = await StartAsync(postgres);
        using var employer = harness.Hub.ClientFor(TestClients.EmployerA);

        using var response = await KickOffAsync(employer, query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("https://graduate-exchange.org/problems/" + code, problem.GetProperty("type").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.GetRawText());
        var named = Assert.Single(problem.GetProperty("problems").EnumerateArray(), p => p.GetProperty("parameter").GetString() == parameter);
        Assert.Equal(code, named.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(named.GetProperty("messageZh").GetString()));
        Assert.Null(response.Content.Headers.ContentLocation);
    }

    [Fact]
    public async Task A_GET_kick_off_without_Prefer_respond_async_is_answered_400_naming_the_header()
    {
        await using var harness = await StartAsync(postgres);
        using var employer = harness.Hub.ClientFor(TestClients.EmployerA);

        using var refused = await KickOffAsync(employer, "?purpose=matching", get: true, respondAsync: false);
        using var accepted = await KickOffAsync(employer, "?purpose=matching", get: true);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await ProblemAsync(refused);
        Assert.Equal("https://graduate-exchange.org/problems/export.respond-async-required", problem.GetProperty("type").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("Prefer", out _));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public async Task A_kick_off_without_a_purpose_is_audited_as_a_read_without_one()
    {
        await using var harness = await StartAsync(postgres);
        using var employer = harness.Hub.ClientFor(TestClients.EmployerA);

        using var response = await KickOffAsync(employer, "");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var audit = await AuditReader.ReadAllAsync(harness.Hub);
        Assert.Contains(audit, e => e.CallerClientId == TestClients.EmployerA.ClientId && e.Action == "POST /v1/$export"
            && e.Decision == "deny" && e.Rule == "purpose.missing");
    }

    [Fact]
    public async Task A_client_past_its_limit_of_running_exports_is_answered_429_with_Retry_After_and_others_are_not_held_back()
    {
        await using var harness = await StartAsync(postgres, new Dictionary<string, string?> { ["Exchange:Export:MaxActiveJobsPerClient"] = "1" });
        using var employer = harness.Hub.ClientFor(TestClients.EmployerA);
        using var matcher = harness.Hub.ClientFor(TestClients.Matcher);

        var first = await StartExportAsync(employer, "?purpose=matching");
        using var second = await KickOffAsync(employer, "?purpose=matching");
        using var other = await KickOffAsync(matcher, "?purpose=matching");

        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.NotNull(second.Headers.RetryAfter);
        Assert.Equal("https://graduate-exchange.org/problems/export.too-many-jobs", (await ProblemAsync(second)).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);

        // A cancelled job no longer counts.
        using (var cancelled = await employer.DeleteAsync(first, TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.Accepted, cancelled.StatusCode);
        using var third = await KickOffAsync(employer, "?purpose=matching");
        Assert.Equal(HttpStatusCode.Accepted, third.StatusCode);
    }

    [Theory]
    [InlineData("Exchange:Export:Lease", "00:00:01", "Exchange:Export:Lease")]
    [InlineData("Exchange:Export:PollInterval", "00:06:00", "Exchange:Export:Lease")]
    [InlineData("Exchange:Export:FileLifetime", "00:00:10", "Exchange:Export:FileLifetime")]
    [InlineData("Exchange:Export:MaxActiveJobsPerClient", "0", "Exchange:Export:MaxActiveJobsPerClient")]
    public async Task A_hub_with_a_wrong_export_setting_refuses_to_start_naming_it(string setting, string value, string named)
    {
        var refusal = await Assert.ThrowsAnyAsync<Exception>(() => HubHost.StartAsync(postgres, new Dictionary<string, string?> { [setting] = value }));

        Assert.True(Exchange.Core.Hosting.SettingsRefusal.TryGetFailures(refusal, out var failures), $"Not a settings refusal: {refusal}");
        Assert.Contains(failures, f => f.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_caller_without_index_read_cannot_start_an_export_and_nobody_anonymous_can()
    {
        await using var harness = await StartAsync(postgres);
        using var steward = harness.Hub.ClientFor(TestClients.Steward);
        using var anonymous = harness.Hub.Anonymous();

        using var forbidden = await KickOffAsync(steward, "?purpose=matching");
        using var unauthenticated = await KickOffAsync(anonymous, "?purpose=matching");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }
}
