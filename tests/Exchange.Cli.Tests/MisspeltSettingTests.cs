using Exchange.Testing;

namespace Exchange.Cli.Tests;

/// <summary>A key no setting has, given to a command as a user would: on the command line, in the environment.</summary>
public sealed class MisspeltSettingTests
{
    [Fact]
    public async Task Status_with_a_misspelt_Kafka_setting_reported_the_embedded_log_and_now_exits_2_naming_the_setting_meant()
    {
        using var folder = new TempFolder("exchange-cli-misspelt");
        var (exit, output, error) = await CliRunner.RunAsync("status",
            "--setting", $"Exchange:Postgres:DataDirectory={folder.Path}/postgres", "--setting", "Exchange:Kafka:Bootstrap=127.0.0.1:1");

        Assert.True(exit == 2, $"exit {exit}: {error}{output}");
        Assert.Contains("Exchange:Kafka:Bootstrap: is not a setting the hub reads; did you mean Exchange:Kafka:BootstrapServers?", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error + output, StringComparison.Ordinal);
        // Refused before anything was started: no embedded database was made for a command that was not going to run.
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "postgres", "cluster")), "the embedded PostgreSQL was started");
    }

    [Fact]
    public async Task Serve_with_a_misspelt_setting_in_the_environment_started_on_the_default_and_now_exits_2_naming_it()
    {
        using var folder = new TempFolder("exchange-cli-misspelt-env");
        var (exit, output, error) = await CliRunner.RunAsync(new Dictionary<string, string> { ["Exchange__Ingest__MaxBodyByte"] = "1024" },
            "serve", "--exit-after-import", "--urls", "http://127.0.0.1:0", "--setting", $"Exchange:Postgres:DataDirectory={folder.Path}/postgres");

        Assert.True(exit == 2, $"exit {exit}: {error}{output}");
        Assert.Contains("Exchange:Ingest:MaxBodyByte: is not a setting the hub reads; did you mean Exchange:Ingest:MaxBodyBytes?", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Hub listening", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_with_a_misspelt_connection_string_migrated_the_embedded_database_and_now_exits_2_naming_it()
    {
        using var folder = new TempFolder("exchange-cli-misspelt-migrate");
        var (exit, output, error) = await CliRunner.RunAsync("migrate",
            "--setting", $"Exchange:Postgres:DataDirectory={folder.Path}/postgres", "--setting", "ConnectionStrings:Exchnage=Host=127.0.0.1;Port=1");

        Assert.True(exit == 2, $"exit {exit}: {error}{output}");
        Assert.Contains("ConnectionStrings:Exchnage: is not a setting the hub reads; did you mean ConnectionStrings:Exchange?", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "postgres", "cluster")), "the embedded PostgreSQL was migrated");
    }
}
