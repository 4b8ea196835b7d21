using System.CommandLine;
using Exchange.Access.Tokens;

namespace Exchange.Cli.Tokens;

/// <summary>
/// <c>exchange token --client ID --scope "a b" [--audience X] [--issuer X] [--lifetime 3600] [--key-dir DIR]</c>:
/// mint a development access token with the local development key (created when missing).
/// </summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var client = new Option<string>("--client") { Required = true, Description = "The client id (client_id and sub)" };
        var scope = new Option<string>("--scope") { Description = "Space-separated scopes, e.g. \"index:read match\"", DefaultValueFactory = _ => "" };
        var audience = new Option<string>("--audience")
        {
            Description = "The aud claim", DefaultValueFactory = _ => DevelopmentTokenIssuer.DefaultAudience,
        };
        var issuer = new Option<string>("--issuer") { Description = "The iss claim", DefaultValueFactory = _ => DevelopmentTokenIssuer.DefaultIssuer };
        var lifetime = new Option<int>("--lifetime") { Description = "Lifetime in seconds", DefaultValueFactory = _ => 3600 };
        var keyDirectory = new Option<string?>("--key-dir")
        {
            Description = $"Folder of the development key pair (created when missing); default {DevelopmentTokenIssuer.DefaultKeyDirectory}",
        };

        var command = new Command("token", "Mint a development access token (ES256, at+jwt) signed with the local development key; for development only.")
        {
            client, scope, audience, issuer, lifetime, keyDirectory,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var seconds = parse.GetValue(lifetime);
            if (seconds <= 0)
            {
                await Console.Error.WriteLineAsync("--lifetime must be a positive number of seconds.");
                return 2;
            }
            using var tokens = await DevelopmentTokenIssuer.OpenAsync(parse.GetValue(keyDirectory), cancellationToken);
            var token = tokens.Mint(parse.GetValue(client)!, parse.GetValue(scope) ?? "", TimeSpan.FromSeconds(seconds),
                parse.GetValue(issuer)!, parse.GetValue(audience)!);
            await Console.Out.WriteLineAsync(token);
            await Console.Error.WriteLineAsync($"Public keys: {tokens.JwksPath}");
            return 0;
        });
        return command;
    }
}
