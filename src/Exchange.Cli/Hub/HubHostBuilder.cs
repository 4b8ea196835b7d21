using System.CommandLine;
using Exchange.Hub;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Builder;

namespace Exchange.Cli.Hub;

/// <summary>Builds the hub for the commands that run it or use its storage, with settings from the command line.</summary>
internal static class HubHostBuilder
{
    public static Option<string[]> SettingOption() => new("--setting", "-s")
    {
        Description = "A configuration setting as KEY=VALUE, e.g. Exchange:Kafka:Mock=3 or ConnectionStrings:Exchange=Host=…; repeatable",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Task<WebApplication> BuildAsync(string[] settings, string? urls, CancellationToken cancellationToken)
    {
        var pairs = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in settings)
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new ArgumentException($"Setting '{setting}' is not KEY=VALUE.");
            pairs[setting[..equals]] = setting[(equals + 1)..];
        }
        if (urls is not null)
            pairs["urls"] = urls;
        return HubApplication.BuildAsync([], builder => builder.Configuration.AddInMemoryCollection(pairs), cancellationToken);
    }
}
