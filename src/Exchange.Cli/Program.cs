using System.CommandLine;
using Exchange.Cli.Audit;
using Exchange.Cli.Hub;
using Exchange.Cli.Schemas;
using Exchange.Cli.Tokens;
using Exchange.Cli.Validate;

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
};
return await root.Parse(args).InvokeAsync();
