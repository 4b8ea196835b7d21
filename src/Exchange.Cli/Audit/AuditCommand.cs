using System.CommandLine;
using System.Globalization;
using Exchange.Access.Audit;
using Exchange.Postgres;
using Exchange.Postgres.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Cli.Audit;

/// <summary><c>exchange audit verify [--connection …|--data-directory …] [--schema access] [--anchor SEQ:HASH]</c>: check the audit log's hash chain.</summary>
public static class AuditCommand
{
    /// <summary>Exit code when the chain is intact.</summary>
    public const int Intact = 0;

    /// <summary>Exit code when an entry is bad; the first one is printed.</summary>
    public const int Tampered = 1;

    /// <summary>Exit code when the check could not run (no connection, schema not migrated, bad anchor).</summary>
    public const int Failed = 2;

    /// <summary>The <c>audit</c> command with its <c>verify</c> subcommand.</summary>
    public static Command Create()
    {
        var connection = new Option<string?>("--connection")
        {
            Description = "Npgsql connection string of the hub's database; without it, the embedded server's data folder is opened (stop the hub first)",
        };
        var dataDirectory = new Option<string?>("--data-directory")
        {
            Description = "The embedded server's data folder, as the hub's Exchange:Postgres:DataDirectory (default: .data/postgres beside the binaries)",
        };
        var schema = new Option<string>("--schema")
        {
            Description = "Schema holding audit_entry and audit_head",
            DefaultValueFactory = _ => "access",
        };
        var anchor = new Option<string?>("--anchor")
        {
            Description = "A head published earlier, as SEQUENCE:HASH; the entry at SEQUENCE must still have HASH",
        };

        var verify = new Command("verify", "Recompute every hash of the audit chain and compare its end with the stored head; exit 0 when intact, 1 at the first bad entry.")
        {
            connection, dataDirectory, schema, anchor,
        };
        verify.SetAction((parse, cancellationToken) => VerifyAsync(
            parse.GetValue(connection),
            parse.GetValue(dataDirectory),
            parse.GetValue(schema)!,
            parse.GetValue(anchor),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken));

        return new Command("audit", "The access decisions' audit log") { verify };
    }

    private static async Task<int> VerifyAsync(
        string? connectionString, string? dataDirectory, string schema, string? anchorText, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (connectionString is not null)
            return await VerifyAsync(connectionString, schema, anchorText, output, error, cancellationToken);

        // The embedded server runs only inside the hub: start it on the hub's data folder for the check, then stop it.
        var options = new EmbeddedPostgresOptions { DataDirectory = dataDirectory ?? new DatabaseOptions().DataDirectory };
        EmbeddedPostgres embedded;
        try
        {
            embedded = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance, cancellationToken);
        }
        catch (Exception e) when (e is EmbeddedPostgresException or PostgresBinariesNotFoundException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"audit verify could not open the embedded server in {options.DataDirectory}: {e.Message}");
            return Failed;
        }
        await using (embedded)
            return await VerifyAsync(embedded.ConnectionString, schema, anchorText, output, error, cancellationToken);
    }

    private static async Task<int> VerifyAsync(
        string connectionString, string schema, string? anchorText, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        AuditHead? anchor = null;
        if (anchorText is not null && !AuditHead.TryParse(anchorText, out anchor))
        {
            await error.WriteLineAsync("--anchor must be SEQUENCE:HASH with a lower-case 64-digit hex hash.");
            return Failed;
        }

        AuditVerification result;
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema };
            await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
            result = await AuditVerifier.VerifyAsync(dataSource, anchor, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or InvalidOperationException)
        {
            // The message only: a connection string in a stack trace could carry a password.
            await error.WriteLineAsync($"audit verify could not run: {e.Message}");
            return Failed;
        }

        if (result.IsValid)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"OK {result.Count} entries; head {result.Head.Sequence} {result.Head.Hash}"));
            return Intact;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"BAD entry {result.FirstBadSequence}: {result.Reason} ({result.Detail}); {result.Count} entries intact before it"));
        return Tampered;
    }
}
