using System.Runtime.InteropServices;
using Exchange.Postgres.Embedded;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Benchmarks;

/// <summary>A benchmark mode's findings, printed when the measurement ends.</summary>
internal interface IBenchmarkReport
{
    void Print(TextWriter output);
}

/// <summary>
/// A scratch folder under /tmp for one run (the embedded server runs as the postgres user, who
/// must reach it), and the embedded PostgreSQL a mode starts there.
/// </summary>
internal sealed class BenchmarkScratch(string folder)
{
    public string Folder { get; } = folder;

    public EmbeddedPostgres? Server { get; private set; }

    /// <summary>Starts the embedded PostgreSQL in the folder; it is stopped when the run ends.</summary>
    public async Task<EmbeddedPostgres> StartPostgresAsync(CancellationToken cancellationToken)
    {
        if (Server is not null)
            throw new InvalidOperationException("The run's PostgreSQL is already started.");
        Server = await EmbeddedPostgres.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = Path.Combine(Folder, "postgres") }, NullLogger.Instance, cancellationToken);
        return Server;
    }

    /// <summary>Starts the embedded PostgreSQL in the folder with one empty database of that name.</summary>
    public async Task<EmbeddedPostgres> StartPostgresAsync(string database, CancellationToken cancellationToken)
    {
        var server = await StartPostgresAsync(cancellationToken);
        await using var admin = Npgsql.NpgsqlDataSource.Create(server.ConnectionStringFor("postgres"));
        await using var create = admin.CreateCommand($"create database {database}");
        await create.ExecuteNonQueryAsync(cancellationToken);
        return server;
    }
}

/// <summary>
/// What every mode that measures a hub does around its measurement: reads its arguments (exit 2
/// when they are wrong), cancels on Ctrl+C, SIGTERM or SIGHUP (exit 130, 143, 129), prints the report (exit 0) or the failure (exit 1),
/// and stops the server and removes the scratch folder in any case. A missed target is reported,
/// never an error.
/// </summary>
internal static class BenchmarkRun
{
    public static async Task<int> RunAsync<TArguments, TReport>(
        string mode, string[] args, Func<string[], TArguments> parse,
        Func<TArguments, BenchmarkScratch, CancellationToken, Task<TReport>> measure)
        where TReport : IBenchmarkReport
    {
        TArguments arguments;
        try
        {
            arguments = parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        // Ctrl+C, a kill or a closed terminal each stop the measurement, and the finally below stops
        // the embedded server: left running, it and its backends hold the machine's cores and skew
        // every benchmark after it.
        using var cancellation = new CancellationTokenSource();
        var scratch = new BenchmarkScratch(Directory.CreateDirectory(Path.Combine("/tmp", $"exchange-{mode}-bench-{Guid.NewGuid():N}")).FullName);
        PosixSignal? stoppedBy = null;
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stoppedBy ??= context.Signal;
            cancellation.Cancel();
            // A call the token cannot reach (a COPY waiting for the server to finish) ends when its server stops.
            _ = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(10));
                if (scratch.Server is { } server)
                    await server.DisposeAsync();
            });
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);

        try
        {
            var report = await measure(arguments, scratch, cancellation.Token);
            report.Print(Console.Out);
            return 0;
        }
        catch (Exception) when (stoppedBy is { } signal)
        {
            Console.Error.WriteLine($"{mode} benchmark stopped by {signal}; nothing was measured to the end.");
            return 128 + signal switch { PosixSignal.SIGINT => 2, PosixSignal.SIGHUP => 1, _ => 15 };
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"{mode} benchmark failed: {e}");
            return 1;
        }
        finally
        {
            if (scratch.Server is not null)
                await scratch.Server.DisposeAsync();
            try
            {
                Directory.Delete(scratch.Folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"Could not remove {scratch.Folder}: {e.Message}");
            }
        }
    }
}
