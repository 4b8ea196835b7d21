using System.Text;
using System.Text.Json.Nodes;
using Exchange.Access.Agreements;
using Exchange.Access.Audit;
using Exchange.Access.Clients;
using Exchange.Hub;
using Exchange.Testing;
using Exchange.Testing.Reports;
using Npgsql;

namespace Exchange.Cli.Tests;

[CollectionDefinition(Name)]
public sealed class ReportPostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "report-postgres";
}

/// <summary>
/// <c>exchange report</c> as a user runs it: the list, bad input refused with exit 2 before anything
/// starts, a refusal with exit 3 and its rule, and a report written to a file or standard output,
/// each read audited as the client named.
/// </summary>
[Collection(ReportPostgresCollection.Name)]
public sealed class ReportCommandTests(PostgresFixture postgres)
{
    private const string Bureau = "hrss-henan";
    private const string BureauOrganisation = "11410000005184201M";
    private const string Employer = "huawei-hr";
    private const string Issuer = "https://issuer.test";

    [Fact]
    public async Task Without_a_name_the_reports_are_listed()
    {
        var (exit, output, error) = await CliRunner.RunAsync("report");

        Assert.True(exit == 0, error + output);
        Assert.Contains("outcomes", output, StringComparison.Ordinal);
        var listed = await CliRunner.RunAsync("report", "--list");
        Assert.Equal((0, output), (listed.ExitCode, listed.Output));
    }

    [Fact]
    public async Task An_unknown_report_exits_2_naming_the_reports_there_are()
    {
        var (exit, output, error) = await CliRunner.RunAsync(["report", "nonesuch", "--client", Bureau, .. Clients()]);

        Assert.True(exit == 2, $"exit {exit}: {error}");
        Assert.Contains("error report.unknown name:", error, StringComparison.Ordinal);
        Assert.Contains("outcomes", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public async Task Bad_parameters_exit_2_naming_every_one_at_once()
    {
        var (exit, output, error) = await CliRunner.RunAsync(["report", "outcomes", "--client", Bureau, "--cohort", "last", "--region", "999999",
            "--formula", "2019", "--as-of", "31.12.2026", "--format", "pdf", "--lang", "fr", .. Clients()]);

        Assert.True(exit == 2, $"exit {exit}: {error}");
        foreach (var parameter in new[] { "cohort", "region", "formula", "as-of", "format", "lang" })
            Assert.Contains($"error report.parameter-invalid {parameter}:", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public async Task An_unknown_or_missing_client_exits_2()
    {
        var (unknown, output, error) = await CliRunner.RunAsync(["report", "outcomes", "--client", "nobody", .. Clients()]);
        Assert.True(unknown == 2, $"exit {unknown}: {error}");
        Assert.Contains("error report.client-unknown client: No client 'nobody' is registered", error, StringComparison.Ordinal);
        Assert.Empty(output);

        var (missing, _, missingError) = await CliRunner.RunAsync(["report", "outcomes", .. Clients()]);
        Assert.True(missing == 2, $"exit {missing}: {missingError}");
        Assert.Contains("--client", missingError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bureau_is_refused_without_an_agreement_then_reads_csv_to_a_file_and_json_to_standard_output_each_read_audited()
    {
        var database = await postgres.CreateDatabaseAsync(TestTimeout.Token());
        var connection = new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionStringFor(new NpgsqlConnectionStringBuilder(database.ConnectionString).Database!));
        string[] settings = [.. Clients(), .. DatabaseSettings(connection.ConnectionString)];

        // No agreement yet: refused with its rule, nothing on standard output. The run migrates the database on the way.
        var (denied, deniedOutput, deniedError) = await CliRunner.RunAsync(["report", "outcomes", "--client", Bureau, .. settings]);
        Assert.True(denied == 3, $"exit {denied}: {deniedError}");
        Assert.Contains("error report.denied: No data-sharing agreement in force", deniedError, StringComparison.Ordinal);
        Assert.Contains("agreement.none", deniedError, StringComparison.Ordinal);
        Assert.Empty(deniedOutput);

        connection.SearchPath = string.Join(',', HubParts.Schemas.Select(s => s.Name));
        await using var hub = NpgsqlDataSource.Create(connection.ConnectionString);
        await new IndexPopulation().LoadAsync(hub, 120, 2026, TestTimeout.Token());
        var agreement = await new AgreementStore(hub, TimeProvider.System).CreateAsync(new AgreementTerms(null, Grantee.OfOrganisation(BureauOrganisation),
            new HashSet<DataCategory> { DataCategory.Education, DataCategory.Outcomes, DataCategory.Hardship, DataCategory.Disability },
            new HashSet<Purpose> { Purpose.Statistics }, new DateOnly(2026, 1, 1), new DateOnly(2030, 12, 31), "Employment Promotion Law art. 48",
            LegalBasisType: LegalBasisType.StatutoryDuty), "steward-console", TestTimeout.Token());
        Assert.NotNull(agreement.Agreement);

        var file = Path.Combine(Path.GetTempPath(), $"outcomes-{Guid.NewGuid():N}.csv");
        try
        {
            var (written, writtenOutput, writtenError) = await CliRunner.RunAsync(["report", "outcomes", "--client", Bureau, "--format", "csv", "--lang", "en",
                "--cohort", "2026", "--out", file, .. settings]);
            Assert.True(written == 0, $"exit {written}: {writtenError}");
            Assert.Empty(writtenOutput);
            var bytes = await File.ReadAllBytesAsync(file, TestTimeout.Token());
            Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
            Assert.StartsWith("\uFEFF# report,outcomes\r\n", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }

        var (json, jsonOutput, jsonError) = await CliRunner.RunAsync(["report", "outcomes", "--client", Bureau, .. settings]);
        Assert.True(json == 0, $"exit {json}: {jsonError}");
        var document = JsonNode.Parse(jsonOutput)!;
        Assert.Equal(("outcomes", "zh-CN", 120L), ((string?)document["name"], (string?)document["language"], (long)document["basis"]!["subjectsCounted"]!));

        // A client without reports:read is refused like a token without the scope.
        var (scope, _, scopeError) = await CliRunner.RunAsync(["report", "outcomes", "--client", Employer, .. settings]);
        Assert.True(scope == 3, $"exit {scope}: {scopeError}");
        Assert.Contains("scope.missing", scopeError, StringComparison.Ordinal);

        var audit = (await new AuditQuery(hub).ReadAsync(new AuditQueryFilter(), 0, 100, TestTimeout.Token())).Entries.Select(e => e.Record).ToList();
        Assert.Equal(["agreement.none", "statistics.statutory-duty", "statistics.statutory-duty", "scope.missing"], audit.Select(r => r.Rule));
        Assert.All(audit, r => Assert.Equal(("exchange report", "statistics"), (r.Action, r.Purpose)));
        Assert.Equal([Bureau, Bureau, Bureau, Employer], audit.Select(r => r.CallerClientId));
    }

    [Fact]
    public async Task A_report_run_once_does_not_tell_its_user_to_press_ctrl_c_nor_print_the_host_lifetime_lines()
    {
        var database = await postgres.CreateDatabaseAsync(TestTimeout.Token());
        var connection = postgres.Server.ConnectionStringFor(new NpgsqlConnectionStringBuilder(database.ConnectionString).Database!);
        var (exit, _, error) = await CliRunner.RunAsync(["report", "outcomes", "--client", Bureau, .. Clients(), .. DatabaseSettings(connection)]);

        // The command ends by itself: a line asking for Ctrl+C, or the host's start and stop, only misleads.
        Assert.True(exit == 3, $"exit {exit}: {error}");
        Assert.Contains("agreement.none", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Ctrl+C", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.Hosting.Lifetime", error, StringComparison.Ordinal);
    }

    // An external database, migrated by the command's first run, and the secrets a hub on one must have.
    private static string[] DatabaseSettings(string connectionString) =>
    [
        "--setting", $"ConnectionStrings:Exchange={connectionString}", "--setting", "Exchange:Postgres:MigrateOnStart=true",
        "--setting", $"Exchange:Secrets:Pseudonymisation={Secret("pseudonymisation")}", "--setting", $"Exchange:Secrets:Handles={Secret("handles")}",
    ];

    private static string Secret(string name) => Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    // The clients as a hub's settings register them: a bureau that reads reports, an employer that does not.
    private static string[] Clients() =>
    [
        "--setting", $"Exchange:Tokens:Issuers:0:Issuer={Issuer}",
        "--setting", $"Exchange:Clients:0:Issuer={Issuer}", "--setting", $"Exchange:Clients:0:ClientId={Bureau}",
        "--setting", $"Exchange:Clients:0:Organisation={BureauOrganisation}", "--setting", $"Exchange:Clients:0:Role={PartyRole.Bureau.Name()}",
        "--setting", "Exchange:Clients:0:Scopes:0=reports:read",
        "--setting", $"Exchange:Clients:1:Issuer={Issuer}", "--setting", $"Exchange:Clients:1:ClientId={Employer}",
        "--setting", "Exchange:Clients:1:Organisation=914403001922038216", "--setting", "Exchange:Clients:1:Role=employer",
        "--setting", "Exchange:Clients:1:Scopes:0=index:read",
    ];
}
