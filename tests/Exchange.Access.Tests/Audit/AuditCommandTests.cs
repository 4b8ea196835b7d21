using Exchange.Cli.Audit;
using Exchange.Testing;

namespace Exchange.Access.Tests.Audit;

/// <summary>Runs <c>exchange audit verify</c> in-process through System.CommandLine against a real database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditCommandTests(PostgresFixture fixture)
{
    [Fact]
    public async Task Verify_exits_zero_and_prints_count_and_head_for_an_intact_log()
    {
        var cancellationToken = TestTimeout.Token();
        var database = await AuditTestDatabase.CreateAsync(fixture, cancellationToken);
        var head = await database.FillAsync(30, cancellationToken);

        var (exitCode, output) = await RunAsync(cancellationToken, "audit", "verify", "--connection", database.ConnectionString, "--schema", AccessDatabase.Schema);

        Assert.Equal(AuditCommand.Intact, exitCode);
        Assert.Contains("OK 30 entries", output, StringComparison.Ordinal);
        Assert.Contains(head.Hash, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_exits_one_and_names_the_first_bad_entry_of_a_tampered_log()
    {
        var cancellationToken = TestTimeout.Token();
        var database = await AuditTestDatabase.CreateAsync(fixture, cancellationToken);
        await database.FillAsync(30, cancellationToken);
        await database.TamperAsync("delete from audit_entry where sequence = 17", cancellationToken);

        var (exitCode, output) = await RunAsync(cancellationToken, "audit", "verify", "--connection", database.ConnectionString);

        Assert.Equal(AuditCommand.Tampered, exitCode);
        Assert.Contains("BAD entry 17: deleted", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_exits_one_when_the_chain_no_longer_holds_the_anchor()
    {
        var cancellationToken = TestTimeout.Token();
        var database = await AuditTestDatabase.CreateAsync(fixture, cancellationToken);
        var head = await database.FillAsync(30, cancellationToken);
        var anchor = head with { Hash = new string('c', 64) };

        var (exitCode, output) = await RunAsync(cancellationToken, "audit", "verify", "--connection", database.ConnectionString, "--anchor", anchor.ToString());

        Assert.Equal(AuditCommand.Tampered, exitCode);
        Assert.Contains("BAD entry 30: anchor-mismatch", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_exits_two_when_the_audit_tables_are_not_there()
    {
        var cancellationToken = TestTimeout.Token();
        var database = await AuditTestDatabase.CreateAsync(fixture, cancellationToken);

        var (exitCode, _) = await RunAsync(cancellationToken, "audit", "verify", "--connection", database.ConnectionString, "--schema", "nowhere");

        Assert.Equal(AuditCommand.Failed, exitCode);
    }

    [Fact]
    public async Task Verify_requires_a_connection()
    {
        var (exitCode, _) = await RunAsync(TestTimeout.Token(), "audit", "verify");

        Assert.NotEqual(AuditCommand.Intact, exitCode);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        var root = new System.CommandLine.RootCommand { AuditCommand.Create() };
        var output = new StringWriter();
        var configuration = new System.CommandLine.InvocationConfiguration { Output = output, Error = new StringWriter() };
        var exitCode = await root.Parse(args).InvokeAsync(configuration, cancellationToken);
        return (exitCode, output.ToString());
    }
}
