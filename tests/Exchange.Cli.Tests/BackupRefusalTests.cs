namespace Exchange.Cli.Tests;

/// <summary>A backup or restore that cannot do its job says why and exits 2, before it starts a server or touches a folder.</summary>
public sealed class BackupRefusalTests : IDisposable
{
    private readonly string _root = Path.Combine("/tmp", $"exchange-cli-backup-refusal-{Guid.NewGuid():N}");

    public BackupRefusalTests() => Directory.CreateDirectory(_root);

    [Fact]
    public async Task Restore_from_a_folder_that_does_not_exist_exits_2_as_no_backup()
    {
        var (exit, _, error) = await CliRunner.RunAsync("restore", $"{_root}/nowhere", "--data-directory", $"{_root}/copy/postgres");

        Assert.Equal(2, exit);
        Assert.Contains("error [backup.no-manifest]:", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists($"{_root}/copy"));
    }

    [Fact]
    public async Task Restore_from_a_backup_whose_manifest_is_garbage_exits_2_as_damaged()
    {
        Directory.CreateDirectory($"{_root}/backup/dump");
        await File.WriteAllTextAsync($"{_root}/backup/dump/toc.dat", "PGDMP");
        await File.WriteAllTextAsync($"{_root}/backup/manifest.json", "{\"format\": \"exchange-backup/1\", \"auditHead\": ");

        var (exit, _, error) = await CliRunner.RunAsync("restore", $"{_root}/backup", "--data-directory", $"{_root}/copy/postgres");

        Assert.Equal(2, exit);
        Assert.Contains("error [backup.bad-manifest]:", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists($"{_root}/copy"));
    }

    [Fact]
    public async Task Restore_from_a_backup_whose_dump_is_missing_exits_2_naming_the_dump()
    {
        Directory.CreateDirectory($"{_root}/backup");
        await File.WriteAllTextAsync($"{_root}/backup/manifest.json", """
            {"format":"exchange-backup/1","createdAt":"2026-03-01T08:00:00+00:00","serverVersion":"15.18","database":"exchange",
             "migrationVersions":{"access":1},"auditHead":"0:0000000000000000000000000000000000000000000000000000000000000000","secrets":false}
            """);

        var (exit, _, error) = await CliRunner.RunAsync("restore", $"{_root}/backup", "--data-directory", $"{_root}/copy/postgres");

        Assert.Equal(2, exit);
        Assert.Contains("error [backup.dump-missing]:", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists($"{_root}/copy"));
    }

    [Fact]
    public async Task Restore_of_a_schema_newer_than_the_hub_knows_exits_2()
    {
        Directory.CreateDirectory($"{_root}/backup/dump");
        await File.WriteAllTextAsync($"{_root}/backup/dump/toc.dat", "PGDMP");
        await File.WriteAllTextAsync($"{_root}/backup/manifest.json", """
            {"format":"exchange-backup/1","createdAt":"2026-03-01T08:00:00+00:00","serverVersion":"15.18","database":"exchange",
             "migrationVersions":{"access":9999},"auditHead":"0:0000000000000000000000000000000000000000000000000000000000000000","secrets":false}
            """);

        var (exit, _, error) = await CliRunner.RunAsync("restore", $"{_root}/backup", "--data-directory", $"{_root}/copy/postgres");

        Assert.Equal(2, exit);
        Assert.Contains("error [backup.newer-schema]:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_of_a_folder_without_a_hub_exits_2_and_creates_nothing()
    {
        var (exit, _, error) = await CliRunner.RunAsync("backup", $"{_root}/backup", "--data-directory", $"{_root}/empty/postgres");

        Assert.Equal(2, exit);
        Assert.Contains("error [backup.no-cluster]:", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists($"{_root}/empty"));
        Assert.False(Directory.Exists($"{_root}/backup"));
    }

    [Fact]
    public async Task Backup_into_a_folder_that_is_not_empty_exits_2()
    {
        Directory.CreateDirectory($"{_root}/backup");
        await File.WriteAllTextAsync($"{_root}/backup/notes.txt", "keep me");

        var (exit, _, error) = await CliRunner.RunAsync("backup", $"{_root}/backup", "--data-directory", $"{_root}/hub/postgres");

        Assert.Equal(2, exit);
        Assert.Contains("error [backup.target-not-empty]:", error, StringComparison.Ordinal);
        Assert.Equal("keep me", await File.ReadAllTextAsync($"{_root}/backup/notes.txt"));
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
