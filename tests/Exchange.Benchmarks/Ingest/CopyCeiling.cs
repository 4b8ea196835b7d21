using System.Diagnostics;
using Exchange.Postgres.Embedded;
using Npgsql;

namespace Exchange.Benchmarks.Ingest;

/// <summary>
/// The embedded path's ceiling: psql's <c>\copy</c> of the same NDJSON lines, one row each, into a
/// plain one-column table of the same server. CSV with a quote and a delimiter that JSON never
/// holds unescaped (control characters), so each line is one field, taken as it is.
/// </summary>
internal static class CopyCeiling
{
    private const string Create = "create table copy_ceiling(doc text)";
    private const string Copy = @"\copy copy_ceiling(doc) from '{0}' with (format csv, quote e'\x01', delimiter e'\x02')";

    public static async Task<TimeSpan> RunAsync(EmbeddedPostgres server, string database, string ndjsonPath, int expectedRows, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionStringFor(database));
        await using (var command = dataSource.CreateCommand(Create))
            await command.ExecuteNonQueryAsync(cancellationToken);

        var connection = new NpgsqlConnectionStringBuilder(server.ConnectionStringFor(database));
        var start = new ProcessStartInfo(Path.Combine(PostgresBinaries.Locate(null).BinDirectory, "psql"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", connection.Host!, "-p", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-U", connection.Username!, "-d", database, "-c", string.Format(System.Globalization.CultureInfo.InvariantCulture, Copy, ndjsonPath),
        })
            start.ArgumentList.Add(argument);
        start.Environment["PGPASSWORD"] = connection.Password;

        var clock = Stopwatch.StartNew();
        using var psql = Process.Start(start) ?? throw new InvalidOperationException("Could not start psql.");
        var output = psql.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = psql.StandardError.ReadToEndAsync(cancellationToken);
        await psql.WaitForExitAsync(cancellationToken);
        var elapsed = clock.Elapsed;
        if (psql.ExitCode != 0)
            throw new InvalidOperationException($"psql \\copy failed (exit code {psql.ExitCode}): {await errors}{await output}");

        await using (var count = dataSource.CreateCommand("select count(*) from copy_ceiling"))
        {
            var rows = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
            if (rows != expectedRows)
                throw new InvalidOperationException($"\\copy loaded {rows} rows, not {expectedRows}.");
        }
        return elapsed;
    }
}
