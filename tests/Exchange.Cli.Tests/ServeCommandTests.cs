using Exchange.Testing;

namespace Exchange.Cli.Tests;

public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_starts_the_hub_embedded_imports_the_samples_counts_them_in_the_log_and_merges_them_into_the_index()
    {
        using var folder = new TempFolder("exchange-cli-serve");
        var data = folder.Path;
        var (exit, output, error) = await CliRunner.RunAsync("serve", "--import", "samples", "--exit-after-import",
            "--urls", "http://127.0.0.1:0", "--setting", $"Exchange:Postgres:DataDirectory={data}/postgres");

        Assert.True(exit == 0, error + output);
        // The collector in use is named at start; the workstation one by default, for the hub's memory (docs/operations.md).
        Assert.Contains("Garbage collector: workstation", output, StringComparison.Ordinal);
        Assert.Contains("graduate.valid.json (graduate): 5 accepted", output, StringComparison.Ordinal);
        Assert.Contains("graduate.invalid.json (graduate): 0 accepted, 0 duplicate, 19 rejected", output, StringComparison.Ordinal);
        Assert.Matches(@"exchange\.graduate\.v1\s*│\s*5\s*│", output);
        Assert.Matches(@"exchange\.deadletter\.v1\s*│\s*63\s*│", output);
        // Five sample graduates, five people; every valid sample record is in force in the index.
        Assert.Contains("Merged index: 5 subject(s), 3 job(s); records in force: 3 certification, 3 consent, 2 feedback, 5 graduate, 4 placement, 2 policy, 3 service, 3 vacancy.",
            output, StringComparison.Ordinal);

        var (status, statusOutput, statusError) = await CliRunner.RunAsync("status", "--format", "json", "--setting", $"Exchange:Postgres:DataDirectory={data}/postgres");
        Assert.True(status == 0, statusError + statusOutput);
        using var lag = System.Text.Json.JsonDocument.Parse(statusOutput);
        Assert.Equal(0, lag.RootElement.GetProperty("merger").GetProperty("totalLag").GetInt64());
        var graduates = lag.RootElement.GetProperty("merger").GetProperty("partitions").EnumerateArray()
            .Where(p => p.GetProperty("topic").GetString() == "exchange.graduate.v1").Sum(p => p.GetProperty("mergedOffset").GetInt64());
        Assert.Equal(5, graduates);

        // The hub has stopped: audit verify opens the same embedded data folder by itself.
        var (verified, verifyOutput, verifyError) = await CliRunner.RunAsync("audit", "verify", "--data-directory", $"{data}/postgres");
        Assert.True(verified == 0, verifyError + verifyOutput);
        Assert.StartsWith("OK ", verifyOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_ignored_the_urls_setting_and_always_listened_on_5080()
    {
        using var folder = new TempFolder("exchange-cli-urls");
        var data = folder.Path;
        var (exit, output, error) = await CliRunner.RunAsync("serve", "--exit-after-import",
            "--setting", "urls=http://127.0.0.1:0", "--setting", $"Exchange:Postgres:DataDirectory={data}/postgres");

        Assert.True(exit == 0, error + output);
        Assert.Matches(@"Hub listening on http://127\.0\.0\.1:\d+", output);
        Assert.DoesNotContain("127.0.0.1:5080", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_a_wrong_setting_exits_2_naming_it_without_a_stack_trace()
    {
        using var folder = new TempFolder("exchange-cli-refusal");
        var data = folder.Path;
        var (exit, output, error) = await ServeOnceAsync(data,
            "Exchange:Clients:0:ClientId=pku-sis", "Exchange:Clients:0:Organisation=12100000400000624D", "Exchange:Clients:0:Role=university");

        Assert.True(exit == 2, $"exit {exit}: {error}{output}");
        Assert.Contains("Exchange:Clients:0:Issuer is required", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_a_kafka_consumer_setting_librdkafka_refuses_exited_134_with_a_stack_trace_instead_of_naming_it()
    {
        using var folder = new TempFolder("exchange-cli-kafka-refusal");
        var data = folder.Path;
        var (exit, output, error) = await CliRunner.RunAsync("serve", "--demo", "--exit-after-import", "--urls", "http://127.0.0.1:0",
            "--setting", $"Exchange:Postgres:DataDirectory={data}/postgres",
            "--setting", "Exchange:Kafka:Mock=1",
            "--setting", "Exchange:Kafka:ConsumerConfig:queued.max.messages.kbytes=lots");

        Assert.True(exit == 2, $"exit {exit}: {error}{output}");
        Assert.Contains("Exchange:Kafka:ConsumerConfig:queued.max.messages.kbytes", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error + output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_a_resolution_model_file_that_cannot_be_read_exits_2_naming_it_without_a_stack_trace()
    {
        using var folder = new TempFolder("exchange-cli-model");
        var data = folder.Path;
        var (exit, output, error) = await ServeOnceAsync(data, "Exchange:Index:Resolution:ModelFile=/nonexistent/model.json");

        Assert.True(exit == 2, $"exit {exit}: {error}{output}");
        Assert.Contains("Exchange:Index:Resolution:ModelFile cannot be used", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error + output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_demo_on_an_external_database_exits_2_before_touching_it()
    {
        // Nothing listens on this port: the refusal comes before any connection is tried.
        var (exit, output, error) = await CliRunner.RunAsync("serve", "--demo", "--exit-after-import", "--urls", "http://127.0.0.1:0",
            "--setting", "ConnectionStrings:Exchange=Host=127.0.0.1;Port=1;Username=exchange;Password=x");

        Assert.True(exit == 2, $"exit {exit}: {error}{output}");
        Assert.Contains("--demo", error, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Exchange", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Hub listening", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_a_setting_its_type_cannot_hold_aborted_with_the_binders_stack_trace_and_now_exits_2_naming_it()
    {
        using var folder = new TempFolder("exchange-cli-wrong-type");
        var data = folder.Path;
        var (exit, output, error) = await ServeOnceAsync(data, "Exchange:Index:Resolution:Enabled=sometimes");

        Assert.True(exit == 2, $"exit {exit}: {error}{output}");
        Assert.Contains("Exchange:Index:Resolution:Enabled: 'sometimes' is not true or false", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error + output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_refused_for_a_setting_read_while_the_hub_was_built_left_its_embedded_PostgreSQL_running()
    {
        using var folder = new TempFolder("exchange-cli-stray-server");
        var data = folder.Path;
        try
        {
            // The pages read the token settings while the hub is built, after its embedded server has started.
            var (exit, output, error) = await ServeOnceAsync(data, "Exchange:Tokens:ClockSkew=soon");

            Assert.True(exit == 2, $"exit {exit}: {error}{output}");
            Assert.Contains("Exchange:Tokens:ClockSkew", error, StringComparison.Ordinal);
            // A server that stopped removed its pid file; one left running still holds it.
            Assert.True(Directory.Exists(Path.Combine(data, "postgres", "cluster")), $"no cluster was made: {error}");
            Assert.False(File.Exists(Path.Combine(data, "postgres", "cluster", "postmaster.pid")), "the embedded PostgreSQL was left running");
        }
        finally
        {
            StopStrayServer(Path.Combine(data, "postgres", "cluster"));
        }
    }

    // `serve` on an embedded database in the data folder, once through its import and out, with the settings given.
    private static Task<(int ExitCode, string Output, string Error)> ServeOnceAsync(string data, params string[] settings) =>
        CliRunner.RunAsync([
            "serve", "--exit-after-import", "--urls", "http://127.0.0.1:0", "--setting", $"Exchange:Postgres:DataDirectory={data}/postgres",
            .. settings.SelectMany(setting => new[] { "--setting", setting }),
        ]);

    // So that a failing run of the test above leaves no server behind it.
    private static void StopStrayServer(string cluster)
    {
        var pidFile = Path.Combine(cluster, "postmaster.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid))
        {
            try { System.Diagnostics.Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
        }
    }

    [Fact]
    public async Task Serve_with_no_Kafka_broker_answering_crashed_with_a_raw_Kafka_exception_and_now_exits_2_naming_the_brokers()
    {
        using var folder = new TempFolder("exchange-cli-no-broker");
        var data = folder.Path;
        // Nothing listens on port 1.
        var (exit, output, error) = await ServeOnceAsync(data, "Exchange:Kafka:BootstrapServers=127.0.0.1:1");

        Assert.True(exit == 2, $"exit {exit}: {error}{output}");
        Assert.Contains("127.0.0.1:1", error, StringComparison.Ordinal);
        Assert.Contains("Exchange:Kafka:BootstrapServers", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error + output, StringComparison.Ordinal);
        // A command that only reads the log fails the same way.
        var (replayed, replayOutput, replayError) = await CliRunner.RunAsync("replay", "exchange.graduate.v1", "--from", "0",
            "--setting", $"Exchange:Postgres:DataDirectory={data}/postgres", "--setting", "Exchange:Kafka:BootstrapServers=127.0.0.1:1");
        Assert.True(replayed == 2, $"exit {replayed}: {replayError}{replayOutput}");
        Assert.DoesNotContain("   at ", replayError + replayOutput, StringComparison.Ordinal);
        // The embedded server each started was stopped on the way out: the next command starts its own rather than joining an orphan.
        var (status, statusOutput, statusError) = await CliRunner.RunAsync("status", "--setting", $"Exchange:Postgres:DataDirectory={data}/postgres");
        Assert.DoesNotContain("already running", statusError + statusOutput, StringComparison.Ordinal);
        Assert.True(status == 0, statusError + statusOutput);
    }
}
