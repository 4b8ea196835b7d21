using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Exchange.Postgres.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Cli.Tests;

/// <summary>
/// The hub process is killed with <c>kill -9</c> in the middle of a keyed push, started again on
/// the same data folder, and the client retries: the answer is the one a first success gives, and
/// the merged index holds every record once.
/// </summary>
public sealed class CrashDuringPushTests
{
    private const int Graduates = 8_000;
    private const string University = "12100000400000624D";

    [Fact]
    public async Task A_push_killed_mid_request_and_retried_after_a_restart_is_answered_as_a_first_success_and_merged_once()
    {
        var root = Path.Combine("/tmp", $"exchange-cli-crash-{Guid.NewGuid():N}");
        var data = Path.Combine(root, "postgres");
        var keys = Path.Combine(root, "keys");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        HubProcess? hub = null;
        try
        {
            var (minted, token, mintError) = await CliRunner.RunAsync("token", "--key-dir", keys, "--client", "pku-sis", "--scope", "records:write:graduate");
            Assert.True(minted == 0, mintError);
            var body = SampleGraduates.Json("PKU-CRASH-", new DateOnly(2002, 1, 1), 0, Graduates);

            hub = await StartHubAsync(data, keys, timeout.Token);
            using var http = new HttpClient { BaseAddress = hub.Address, Timeout = Timeout.InfiniteTimeSpan };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
            var interrupted = PushAsync(http, body, timeout.Token);

            // Killed once the first chunks are in the log, long before the last can be.
            await using (var server = await EmbeddedPostgres.StartAsync(
                new EmbeddedPostgresOptions { DataDirectory = data, JoinRunningServer = true }, NullLogger.Instance, timeout.Token))
            {
                while (await GraduateMessagesAsync(server, timeout.Token) == 0)
                    await Task.Delay(TimeSpan.FromMilliseconds(10), timeout.Token);
            }
            await hub.KillAsync();
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => interrupted);

            await hub.DisposeAsync();
            hub = await StartHubAsync(data, keys, timeout.Token);
            using var retrying = new HttpClient { BaseAddress = hub.Address, Timeout = Timeout.InfiniteTimeSpan };
            retrying.DefaultRequestHeaders.Authorization = http.DefaultRequestHeaders.Authorization;
            var (status, answer) = await PushAsync(retrying, body, timeout.Token);
            Assert.True(status == HttpStatusCode.OK, answer);
            var records = JsonNode.Parse(answer)!;
            Assert.Equal((Graduates, 0, 0), ((int)records["accepted"]!, (int)records["duplicates"]!, (int)records["rejected"]!));
            var envelopeIds = records["records"]!.AsArray().Select(r => Guid.Parse((string)r!["envelopeId"]!)).ToHashSet();
            Assert.Equal(Graduates, envelopeIds.Count);
            // Asked again, the hub gives the stored answer byte for byte.
            Assert.Equal((HttpStatusCode.OK, answer), await PushAsync(retrying, body, timeout.Token));

            await using (var server = await EmbeddedPostgres.StartAsync(
                new EmbeddedPostgresOptions { DataDirectory = data, JoinRunningServer = true }, NullLogger.Instance, timeout.Token))
            {
                await using var index = NpgsqlDataSource.Create(server.ConnectionStringFor("exchange"));
                await using var connection = await index.OpenConnectionAsync(timeout.Token);
                var appended = await GraduateMessagesAsync(server, timeout.Token);
                // Each message merged (the log may hold a record twice, appended just before the kill and again by the retry).
                while (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    "select coalesce(sum(next_offset), 0) from public.merger_positions where topic = 'exchange.graduate.v1'", cancellationToken: timeout.Token)) < appended)
                    await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
                var stored = (await connection.QueryAsync<Guid>(new CommandDefinition(
                    "select id from public.record_envelope where kind = 'graduate'", cancellationToken: timeout.Token))).ToList();
                Assert.Equal(Graduates, stored.Count);
                Assert.True(envelopeIds.SetEquals(stored), "the answer's envelope ids are the ids the index holds");
            }
        }
        finally
        {
            if (hub is not null)
                await hub.DisposeAsync();
            await StopLeftServerAsync(data);
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> PushAsync(HttpClient http, string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/records/graduate") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", "pku-enrolment-2026-07-01");
        using var response = await http.SendAsync(request, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private static async Task<long> GraduateMessagesAsync(EmbeddedPostgres server, CancellationToken cancellationToken)
    {
        await using var log = NpgsqlDataSource.Create(server.ConnectionStringFor("exchange"));
        await using var connection = await log.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from log.messages where topic = 'exchange.graduate.v1'", cancellationToken: cancellationToken));
    }

    private static Task<HubProcess> StartHubAsync(string data, string keys, CancellationToken cancellationToken) => HubProcess.StartAsync(
        [
            $"Exchange:Postgres:DataDirectory={data}",
            "Exchange:Tokens:Issuers:0:Issuer=exchange-dev",
            "Exchange:Tokens:Issuers:0:Audiences:0=exchange-hub",
            $"Exchange:Tokens:Issuers:0:JwksFile={keys}/jwks.json",
            "Exchange:Clients:0:Issuer=exchange-dev",
            "Exchange:Clients:0:ClientId=pku-sis",
            $"Exchange:Clients:0:Organisation={University}",
            "Exchange:Clients:0:Role=university",
            "Exchange:Clients:0:Scopes:0=records:write:graduate",
            $"Exchange:Ingest:Institutions:{University}=4111010001",
            "Exchange:RateLimits:PermitsPerSecond=1000",
            "Exchange:RateLimits:Burst=1000",
        ], cancellationToken);

    // The hub was killed: its embedded server may still run (the next hub stops it; the test, at its end, must too).
    private static async Task StopLeftServerAsync(string data)
    {
        var pidFile = Path.Combine(data, "cluster", "postmaster.pid");
        if (!File.Exists(pidFile))
            return;
        var stop = new ProcessStartInfo("runuser", ["-u", "postgres", "--", "/usr/lib/postgresql/15/bin/pg_ctl", "stop", "-D", Path.Combine(data, "cluster"), "-m", "immediate", "-s"]);
        if (Environment.UserName != "root")
            stop = new ProcessStartInfo("pg_ctl", ["stop", "-D", Path.Combine(data, "cluster"), "-m", "immediate", "-s"]);
        try
        {
            using var process = Process.Start(stop)!;
            await process.WaitForExitAsync(CancellationToken.None);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No pg_ctl on the path: the server stops when the machine does.
        }
    }

}
