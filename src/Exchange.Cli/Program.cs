using System.CommandLine;
using Exchange.Cli.Audit;
using Exchange.Cli.Backup;
using Exchange.Cli.Hub;
using Exchange.Cli.Link;
using Exchange.Cli.Migrate;
using Exchange.Cli.Reports;
using Exchange.Cli.Schemas;
using Exchange.Cli.Settings;
using Exchange.Cli.Tokens;
using Exchange.Cli.Validate;
using Exchange.Core.Hosting;
using Exchange.Postgres.Embedded;

// Schema patterns and code lists are data: no regular expression may run unbounded on input.
AppContext.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", TimeSpan.FromSeconds(1));

var root = new RootCommand("exchange — the Graduate Employment Data Exchange command")
{
    ValidateCommand.Create(),
    SchemasCommand.Create(),
    AuditCommand.Create(),
    TokenCommand.Create(),
    ServeCommand.Create(),
    ImportCommand.Create(),
    ReplayCommand.Create(),
    MigrateCommand.Create(),
    LinkCommand.Create(),
    ReportCommand.Create(),
    StatusCommand.Create(),
    BackupCommand.Create(),
    RestoreCommand.Create(),
    SettingsCommand.Create(),
};
try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception exception) when (SettingsRefusal.TryGetFailures(exception, out var failures))
{
    // A wrong setting is the user's to fix, not a crash: name each one, without a stack trace.
    SettingsRefusal.Print(failures, Console.Error);
    return 2;
}
catch (IOException exception) when (exception.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    // Another hub (or program) holds the port: nothing was started, and --urls picks another.
    Console.Error.WriteLine($"error: {exception.Message} Stop what listens there, or choose another address with --urls or --setting urls=….");
    return 2;
}
catch (Exception exception) when (exception is Exchange.Log.EventLogException
    || (exception is AggregateException all && all.InnerExceptions.All(e => e is Exchange.Log.EventLogException)))
{
    // The log unreachable at the start (no broker answering): nothing was done, and the message names what to check.
    var messages = exception is AggregateException aggregate ? aggregate.InnerExceptions.Select(e => e.Message) : [exception.Message];
    foreach (var message in messages.Distinct(StringComparer.Ordinal))
        Console.Error.WriteLine($"error: the event log cannot be reached: {message}");
    return 2;
}
catch (Exchange.Postgres.DatabaseUnavailableException exception)
{
    // The external database cannot serve the hub: nothing was started, and the message names the server and what to do.
    Console.Error.WriteLine($"error: the database cannot be used: {exception.Message}");
    return 2;
}
catch (BackgroundServiceFailedException exception)
{
    // A service failed while the hub was starting, which stopped it: say which and why, not "a task was canceled".
    Console.Error.WriteLine($"error: the hub could not start: {exception.Message}");
    return 1;
}
catch (EmbeddedPostgresException exception)
{
    // The embedded server could not start, or another hub runs on the folder: the message says what to do.
    Console.Error.WriteLine($"error: {exception.Message}");
    return 2;
}
