namespace Exchange.Cli.Tests;

public sealed class MigrateCommandTests
{
    [Fact]
    public async Task Migrate_applies_every_parts_migrations_once_and_then_reports_them_current()
    {
        // Under /tmp: as root the embedded server runs as the postgres user, who must reach the folder.
        var data = Path.Combine("/tmp", $"exchange-cli-migrate-{Guid.NewGuid():N}");
        try
        {
            var (first, output, error) = await CliRunner.RunAsync("migrate", "--setting", $"Exchange:Postgres:DataDirectory={data}/postgres");
            Assert.True(first == 0, error + output);
            foreach (var schema in new[] { "public", "access", "log", "ingest", "hub" })
                Assert.Contains($"{schema}: applied 1 ", output, StringComparison.Ordinal);

            var (second, again, againError) = await CliRunner.RunAsync("migrate", "--setting", $"Exchange:Postgres:DataDirectory={data}/postgres");
            Assert.True(second == 0, againError + again);
            foreach (var schema in new[] { "public", "access", "log", "ingest", "hub" })
                Assert.Matches($@"{schema}: up to date at version [1-9]", again);
            Assert.DoesNotContain("applied", again, StringComparison.Ordinal);
        }
        finally
        {
            try { Directory.Delete(data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [Fact]
    public async Task Migrate_against_a_server_that_is_not_there_exits_2_without_the_password()
    {
        var (exit, output, error) = await CliRunner.RunAsync("migrate", "--setting",
            "ConnectionStrings:Exchange=Host=127.0.0.1;Port=1;Username=hub;Password=do-not-print-me;Timeout=2");

        Assert.True(exit == 2, $"exit {exit}: {error}{output}");
        Assert.Contains("migrate could not run", error, StringComparison.Ordinal);
        Assert.DoesNotContain("do-not-print-me", error + output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_ignored_the_connection_string_given_in_the_environment()
    {
        var data = Path.Combine("/tmp", $"exchange-cli-migrate-env-{Guid.NewGuid():N}");
        try
        {
            var (exit, output, error) = await CliRunner.RunAsync(
                new Dictionary<string, string> { ["ConnectionStrings__Exchange"] = "Host=127.0.0.1;Port=1;Username=hub;Password=do-not-print-me;Timeout=2" },
                "migrate", "--setting", $"Exchange:Postgres:DataDirectory={data}/postgres");

            // The environment names a server that is not there: migrating the embedded folder instead would exit 0.
            Assert.True(exit == 2, $"exit {exit}: {error}{output}");
            Assert.Contains("migrate could not run", error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(data));
        }
        finally
        {
            try { Directory.Delete(data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
