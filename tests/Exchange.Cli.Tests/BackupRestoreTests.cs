using System.Text.RegularExpressions;
using Exchange.Access.Audit;
using Exchange.Postgres.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Cli.Tests;

public sealed partial class BackupRestoreTests
{
    [Fact]
    public async Task A_hub_backed_up_while_running_restores_into_a_fresh_folder_whose_audit_chain_verifies_against_the_printed_head()
    {
        // Under /tmp: as root the embedded server runs as the postgres user, who must reach the folder.
        var root = Path.Combine("/tmp", $"exchange-cli-backup-{Guid.NewGuid():N}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            var hub = $"{root}/hub/postgres";
            var (loaded, loadOutput, loadError) = await CliRunner.RunAsync("serve", "--import", "samples", "--exit-after-import",
                "--urls", "http://127.0.0.1:0", "--setting", $"Exchange:Postgres:DataDirectory={hub}");
            Assert.True(loaded == 0, loadError + loadOutput);
            Assert.Contains("Merged index: 5 subject(s)", loadOutput, StringComparison.Ordinal);

            string head;
            await using (await BackupRunningHub.StartAsync(hub, timeout.Token))
            {
                await AppendAuditEntriesAsync(hub, count: 3, timeout.Token);
                var (exit, output, error) = await CliRunner.RunAsync("backup", $"{root}/backup", "--data-directory", hub);
                Assert.True(exit == 0, error + output);
                head = AuditHeadLine().Match(output).Groups["head"].Value;
            }
            Assert.StartsWith("3:", head, StringComparison.Ordinal);

            var copy = $"{root}/copy/postgres";
            var (restored, restoreOutput, restoreError) = await CliRunner.RunAsync("restore", $"{root}/backup", "--data-directory", copy);
            Assert.True(restored == 0, restoreError + restoreOutput);

            var (verified, verifyOutput, verifyError) = await CliRunner.RunAsync("audit", "verify", "--data-directory", copy, "--anchor", head);
            Assert.True(verified == 0, verifyError + verifyOutput);
            Assert.StartsWith($"OK 3 entries; head {head.Replace(':', ' ')}", verifyOutput, StringComparison.Ordinal);

            // The log and the merged index came back too: every sample graduate is merged in the copy.
            var (status, statusOutput, statusError) = await CliRunner.RunAsync("status", "--format", "json", "--setting", $"Exchange:Postgres:DataDirectory={copy}");
            Assert.True(status == 0, statusError + statusOutput);
            using var lag = System.Text.Json.JsonDocument.Parse(statusOutput);
            var graduates = lag.RootElement.GetProperty("merger").GetProperty("partitions").EnumerateArray()
                .Where(p => p.GetProperty("topic").GetString() == "exchange.graduate.v1").Sum(p => p.GetProperty("mergedOffset").GetInt64());
            Assert.Equal(5, graduates);

            // The generated linkage key came along: without it the copy would pseudonymise the same people differently.
            Assert.Equal(
                await File.ReadAllBytesAsync($"{root}/hub/secrets/pseudonymisation.key", timeout.Token),
                await File.ReadAllBytesAsync($"{root}/copy/secrets/pseudonymisation.key", timeout.Token));
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [Fact]
    public async Task Restore_into_a_folder_that_is_not_empty_is_refused_and_replaces_it_only_with_force()
    {
        var root = Path.Combine("/tmp", $"exchange-cli-restore-{Guid.NewGuid():N}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            var hub = $"{root}/hub/postgres";
            var (started, startOutput, startError) = await CliRunner.RunAsync("serve", "--exit-after-import",
                "--urls", "http://127.0.0.1:0", "--setting", $"Exchange:Postgres:DataDirectory={hub}");
            Assert.True(started == 0, startError + startOutput);
            var (backedUp, backupOutput, backupError) = await CliRunner.RunAsync("backup", $"{root}/backup", "--data-directory", hub);
            Assert.True(backedUp == 0, backupError + backupOutput);
            // Written after the backup: a restore that went through would take it away.
            await AppendAuditEntriesAsync(hub, count: 1, timeout.Token, joinRunning: false);

            var (refused, _, refusal) = await CliRunner.RunAsync("restore", $"{root}/backup", "--data-directory", hub);

            Assert.Equal(2, refused);
            Assert.Contains("error [backup.target-not-empty]:", refusal, StringComparison.Ordinal);
            Assert.Contains("错误 [backup.target-not-empty]：", refusal, StringComparison.Ordinal);
            var (_, kept, _) = await CliRunner.RunAsync("audit", "verify", "--data-directory", hub);
            Assert.StartsWith("OK 1 entries", kept, StringComparison.Ordinal);

            var (forced, forcedOutput, forcedError) = await CliRunner.RunAsync("restore", $"{root}/backup", "--data-directory", hub, "--force");
            Assert.True(forced == 0, forcedError + forcedOutput);
            var (_, replaced, _) = await CliRunner.RunAsync("audit", "verify", "--data-directory", hub);
            Assert.StartsWith("OK 0 entries", replaced, StringComparison.Ordinal);
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Access decisions as the hub writes them, through the audit log, on the hub's server (a running hub's, when it runs).</summary>
    private static async Task AppendAuditEntriesAsync(string dataDirectory, int count, CancellationToken cancellationToken, bool joinRunning = true)
    {
        await using var server = await EmbeddedPostgres.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = dataDirectory, JoinRunningServer = joinRunning }, NullLogger.Instance, cancellationToken);
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(server.ConnectionString) { SearchPath = "access" }.ConnectionString);
        var decisions = Enumerable.Range(0, count).Select(i => new AuditRecord(
            DateTimeOffset.UtcNow, "employment-bureau", "11410100MB00000018", "employment-services", $"handle-{i}",
            "GET /v1/subjects/{handle}", [], "deny", "agreement.none")).ToList();
        await new PostgresAuditLog(dataSource).AppendManyAsync(decisions, cancellationToken);
    }

    [GeneratedRegex(@"^audit head (?<head>\d+:[0-9a-f]{64})$", RegexOptions.Multiline)]
    private static partial Regex AuditHeadLine();
}
