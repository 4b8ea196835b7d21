using System.CommandLine;
using Exchange.Hub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Exchange.Cli.Settings;
using Exchange.Core.Hosting;
using Exchange.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Exchange.Cli.Hub;

/// <summary>Builds the hub for the commands that run it or use its storage, with settings from the command line.</summary>
internal static class HubHostBuilder
{
    public static Option<string[]> SettingOption() => new("--setting", "-s")
    {
        Description = "A configuration setting as KEY=VALUE, e.g. Exchange:Kafka:Mock=3 or ConnectionStrings:Exchange=Host=…; repeatable",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Where the hub listens when neither <c>--urls</c> nor the <c>urls</c> setting says.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>
    /// The whole hub, listening on <paramref name="urls"/>; when null, on the <c>urls</c> setting
    /// (<c>--setting urls=…</c>, <c>ASPNETCORE_URLS</c>, <c>URLS</c>), else on <see cref="DefaultUrls"/>.
    /// <paramref name="developmentMode"/> runs it in the Development environment whatever <c>ASPNETCORE_ENVIRONMENT</c> says.
    /// </summary>
    public static Task<WebApplication> BuildAsync(string[] settings, string? urls, CancellationToken cancellationToken, bool developmentMode = false)
    {
        var pairs = Pairs(settings);
        if (urls is not null)
            pairs["urls"] = urls;
        // The environment is fixed when the builder is made, so it travels as an argument, not as a setting added later.
        string[] arguments = developmentMode ? ["--environment", Environments.Development] : [];
        return HubApplication.BuildAsync(arguments, builder =>
        {
            builder.Configuration.AddInMemoryCollection(pairs);
            UnknownSettings.Refuse(builder.Configuration);
            if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]))
                builder.Configuration.AddInMemoryCollection([new("urls", DefaultUrls)]);
        }, cancellationToken);
    }

    /// <summary>
    /// A host of the parts alone, without the web application: what <c>import</c> and
    /// <c>replay</c> need to reach the hub's storage. <paramref name="addParts"/> registers them.
    /// </summary>
    public static async Task<PartsHost> BuildPartsAsync(string[] settings, Func<HostApplicationBuilder, Task> addParts, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Configuration = new ConfigurationManager(), Args = [HostArguments.NoConfigurationReload] });
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(Pairs(settings));
        UnknownSettings.Refuse(builder.Configuration);
        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        // Logs go to standard error, so that what a command prints (a table, JSON) can be piped.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        // A command of parts ends by itself: the console lifetime's "press Ctrl+C" and its start and stop lines would mislead.
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        var started = new HostStartGate();
        builder.Services.AddSingleton<IHostedService>(started);
        // A filter on the category itself, so that a configured level for a broader category cannot replace it;
        // the host's failures only, not its Debug lines.
        builder.Logging.AddFilter(SettingsRefusal.HostLoggerCategory, level => started.IsOpen && level >= LogLevel.Warning);
        IHost host;
        try
        {
            await addParts(builder);
            builder.Services.RedactLogs();
            host = builder.Build();
        }
        catch
        {
            await builder.DisposeUnstartedDatabaseAsync();
            throw;
        }
        var parts = new PartsHost(host);
        try
        {
            await host.StartOrExplainAsync(cancellationToken);
            return parts;
        }
        catch
        {
            await parts.DisposeAsync();
            throw;
        }
    }

    /// <summary>The <c>--setting KEY=VALUE</c> values as configuration pairs.</summary>
    public static Dictionary<string, string?> Pairs(string[] settings)
    {
        var pairs = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in settings)
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new ArgumentException($"Setting '{setting}' is not KEY=VALUE.");
            pairs[setting[..equals]] = setting[(equals + 1)..];
        }
        return pairs;
    }
}

/// <summary>A started host of parts; disposing it stops it and releases the database (the embedded server with it).</summary>
internal sealed class PartsHost(IHost host) : IAsyncDisposable
{
    public IServiceProvider Services => host.Services;

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync(CancellationToken.None);
        // The database only disposes asynchronously.
        if (host is IAsyncDisposable asynchronous)
            await asynchronous.DisposeAsync();
        else
            host.Dispose();
    }
}
